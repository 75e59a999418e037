package dev.flowstate.kafka;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAndValue;
import dev.flowstate.recovery.RecoveryConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Child JVM of {@link KafkaCrashTest}: Kafka topic (key = word) → per-key running count → Kafka topic
 * ({@code key → count}), with recovery, reading to the end offsets seen at start.
 *
 * <pre>KafkaCountJob BROKERS IN OUT RECOVERY_DIR WORKERS exactly-once|at-least-once TXN_PREFIX SINK_PARTITIONS</pre>
 */
public final class KafkaCountJob {
    private KafkaCountJob() {
    }

    public static void main(String[] a) {
        String brokers = a[0];
        boolean eos = a[5].equals("exactly-once");
        KafkaSinkConfig sinkConfig = KafkaSinkConfig.of(brokers).withPartitions(Integer.parseInt(a[7]))
                .withTimeout(Duration.ofSeconds(30));
        if (eos) {
            sinkConfig = sinkConfig.withExactlyOnce(a[6]);
        }
        KafkaSink<KeyValue<String, String>> sink = KafkaSink.keyValues(sinkConfig, a[2], new StringSerializer(),
                new StringSerializer());
        Dataflow flow = new Dataflow("kafka_count");
        flow.input("in", KafkaSource.records(KafkaSourceConfig.of(brokers, a[1]).withStopAtEnd(true).withBatchSize(200),
                        new StringDeserializer(), new StringDeserializer()))
                .keyOn("key", (KafkaRecord<String, String> r) -> r.key())
                .statefulMap("count", () -> 0L, (Long n, KafkaRecord<String, String> r) -> StateAndValue.of(n + 1,
                        Long.toString(n + 1)))
                .output("out", sink);
        try {
            Flowstate.run(flow, RunConfig.defaults().withWorkers(Integer.parseInt(a[4]))
                    .withEpochInterval(Duration.ofMillis(50))
                    .withRecovery(new RecoveryConfig(Path.of(a[3]), Duration.ZERO)));
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.out.println("done");
        System.exit(0);
    }
}
