package dev.flowstate.kafka.examples;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAndValue;
import dev.flowstate.kafka.KafkaRecord;
import dev.flowstate.kafka.KafkaSink;
import dev.flowstate.kafka.KafkaSinkConfig;
import dev.flowstate.kafka.KafkaSource;
import dev.flowstate.kafka.KafkaSourceConfig;
import dev.flowstate.kafka.testkit.KafkaBroker;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kafka → keyed running count → Kafka against a local broker, at-least-once and exactly-once, with recovery on.
 * Prints one line per configuration:
 * <pre>RESULT workload=kafka-keyed-count engine=flowstate-kafka mode=exactly-once workers=2 events_per_s=N checksum=C</pre>
 * where events_per_s is input records per second of the whole run (start-up included) and checksum is the sum of
 * the final per-key counts read back with read_committed (equal to the event count when the output is complete).
 *
 * <pre>KafkaBenchMain [--events N] [--workers 1,2] [--modes at-least-once,exactly-once] [--epoch-ms 1000]</pre>
 */
public final class KafkaBenchMain {
    private KafkaBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int events = 1_000_000;
        List<Integer> workers = List.of(1, 2);
        List<String> modes = List.of("at-least-once", "exactly-once");
        long epochMs = 1000;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--workers" -> workers = List.of(args[i + 1].split(",")).stream().map(Integer::parseInt).toList();
                case "--modes" -> modes = List.of(args[i + 1].split(","));
                case "--epoch-ms" -> epochMs = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("flowstate-kafka-bench");
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
            String brokers = broker.bootstrapServers();
            broker.createTopic("bench-in", 4);
            produce(brokers, events);
            int run = 0;
            for (String mode : modes) {
                for (int w : workers) {
                    String out = "bench-out-" + (run++);
                    broker.createTopic(out, 4);
                    Path recovery = dir.resolve("recovery-" + run);
                    Recovery.init(recovery, 4);
                    KafkaSinkConfig sc = KafkaSinkConfig.of(brokers).withPartitions(w);
                    if (mode.equals("exactly-once")) {
                        sc = sc.withExactlyOnce("bench-" + out);
                    }
                    KafkaSink<KeyValue<String, String>> sink = KafkaSink.keyValues(sc, out, new StringSerializer(),
                            new StringSerializer());
                    Dataflow flow = new Dataflow("kafka_keyed_count");
                    flow.input("in", KafkaSource.records(KafkaSourceConfig.of(brokers, "bench-in").withStopAtEnd(true),
                                    new StringDeserializer(), new StringDeserializer()))
                            .keyOn("key", (KafkaRecord<String, String> r) -> r.key())
                            .statefulMap("count", () -> 0L, (Long n, KafkaRecord<String, String> r) ->
                                    StateAndValue.of(n + 1, Long.toString(n + 1)))
                            .output("out", sink);
                    long start = System.nanoTime();
                    Flowstate.run(flow, RunConfig.defaults().withWorkers(w).withEpochInterval(Duration.ofMillis(epochMs))
                            .withRecovery(new RecoveryConfig(recovery, Duration.ZERO)));
                    double secs = (System.nanoTime() - start) / 1e9;
                    long checksum = KafkaDemo.readCountsOf(brokers, out).values().stream().mapToLong(Long::longValue).sum();
                    System.out.printf("RESULT workload=kafka-keyed-count engine=flowstate-kafka mode=%s workers=%d "
                            + "events_per_s=%d checksum=%d%n", mode, w, Math.round(events / secs), checksum);
                }
            }
        }
    }

    private static void produce(String brokers, int events) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers, ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new StringSerializer())) {
            List<String> keys = new ArrayList<>();
            for (int k = 0; k < 1000; k++) {
                keys.add("k" + k);
            }
            for (int i = 0; i < events; i++) {
                p.send(new ProducerRecord<>("bench-in", keys.get((int) ((i * 2654435761L) % 1000)), Integer.toString(i)));
            }
            p.flush();
        }
    }
}
