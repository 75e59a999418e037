package dev.flowstate.kafka.examples;

import dev.flowstate.kafka.testkit.KafkaBroker;
import dev.flowstate.recovery.Recovery;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The one-command Kafka demo ({@code bin/flowstate-kafka-demo}): starts a local broker, produces sample text,
 * runs {@link KafkaWordCount} in a child JVM, kills it with SIGKILL part-way, resumes it, and prints the counts read
 * back from the output topic with a {@code read_committed} consumer, checked against a direct count.
 */
public final class KafkaDemo {
    private static final String TEXT = "the quick brown fox jumps over the lazy dog while the cat sleeps "
            + "and the dog barks at the fox who runs into the woods where the owl watches";

    private KafkaDemo() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("flowstate-kafka-demo");
        System.out.println("data in " + dir);
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
            String brokers = broker.bootstrapServers();
            System.out.println("1. started a local Kafka broker (KRaft) at " + brokers);
            broker.createTopic("lines", 3);
            broker.createTopic("word-counts", 3);
            Map<String, Long> expected = produce(brokers, lines);
            System.out.println("2. produced " + lines + " lines to topic 'lines'");
            Path recovery = dir.resolve("recovery");
            Recovery.init(recovery, 4);
            Process first = child(brokers, recovery, dir.resolve("run-1.log"));
            boolean finished = first.waitFor(2500, TimeUnit.MILLISECONDS);
            if (!finished) {
                first.destroyForcibly().waitFor();
                System.out.println("3. started the word count and killed it with SIGKILL after 2.5 s");
            } else {
                System.out.println("3. the word count finished before the planned kill (exit " + first.exitValue() + ")");
            }
            Process second = child(brokers, recovery, dir.resolve("run-2.log"));
            if (!second.waitFor(300, TimeUnit.SECONDS) || second.exitValue() != 0) {
                throw new IllegalStateException("the resumed word count failed; see " + dir.resolve("run-2.log"));
            }
            System.out.println("4. resumed it from the recovery store; it ran to the end of the input");
            Map<String, Long> counts = readCounts(brokers);
            System.out.println("5. final counts read back from topic 'word-counts' (read_committed):");
            counts.forEach((w, n) -> System.out.printf("   %-8s %d%n", w, n));
            System.out.println(counts.equals(expected)
                    ? "OK: every count matches a direct count of the input, despite the crash"
                    : "MISMATCH: expected " + expected);
            if (!counts.equals(expected)) {
                System.exit(1);
            }
        }
    }

    private static Map<String, Long> produce(String brokers, int lines) {
        String[] words = TEXT.split(" ");
        Map<String, Long> expected = new TreeMap<>();
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers, ProducerConfig.LINGER_MS_CONFIG, 10), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < lines; i++) {
                StringBuilder line = new StringBuilder();
                for (int j = 0; j < 6; j++) {
                    String w = words[(i * 7 + j * 13) % words.length];
                    line.append(w).append(' ');
                    expected.merge(w.toLowerCase(Locale.ROOT), 1L, Long::sum);
                }
                p.send(new ProducerRecord<>("lines", Integer.toString(i), line.toString()));
            }
            p.flush();
        }
        return expected;
    }

    private static Process child(String brokers, Path recovery, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KafkaWordCount.class.getName(), brokers, "lines", "word-counts", recovery.toString(), "2")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Per word the highest running count in the topic: the final count. */
    static Map<String, Long> readCounts(String brokers) {
        return readCountsOf(brokers, "word-counts");
    }

    /** Per key the highest running count in {@code topic}, read to its end with read_committed. */
    static Map<String, Long> readCountsOf(String brokers, String topic) {
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(p.topic(), p.partition())));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    counts.merge(r.key(), Long.parseLong(r.value()), Math::max);
                }
            }
        }
        return counts;
    }
}
