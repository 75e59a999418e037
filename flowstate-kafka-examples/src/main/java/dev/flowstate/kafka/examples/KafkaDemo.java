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
 * runs {@link KafkaWordCount} in a child JVM, kills it with SIGKILL once the recovery store shows a committed epoch,
 * resumes it, and checks every output line read back with a {@code read_committed} consumer: per word exactly the
 * running counts 1..N of a direct count, each once.
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
            long committed = awaitCommittedEpoch(recovery, first, Duration.ofSeconds(300));
            if (first.isAlive()) {
                first.destroyForcibly().waitFor();
                System.out.println("3. started the word count; once the recovery store showed epoch " + committed
                        + " committed, killed it with SIGKILL");
            } else {
                System.out.println("3. the word count ended before the planned kill (exit " + first.exitValue()
                        + "); try more lines to see a resume");
            }
            Process second = child(brokers, recovery, dir.resolve("run-2.log"));
            if (!second.waitFor(300, TimeUnit.SECONDS) || second.exitValue() != 0) {
                throw new IllegalStateException("the resumed word count failed; see " + dir.resolve("run-2.log"));
            }
            System.out.println("4. resumed it from the recovery store (at epoch " + (committed + 1)
                    + "); it ran to the end of the input");
            List<String[]> output = readAll(brokers, "word-counts");
            Map<String, Long> counts = new TreeMap<>();
            output.forEach(kv -> counts.merge(kv[0], Long.parseLong(kv[1]), Math::max));
            System.out.println("5. final counts read back from topic 'word-counts' (read_committed):");
            counts.forEach((w, n) -> System.out.printf("   %-8s %d%n", w, n));
            List<String> problems = checkExactlyOnce(output, expected);
            if (problems.isEmpty()) {
                System.out.println("OK: all " + output.size() + " output lines are exactly the running counts 1..N of"
                        + " every word (each once, none missing, none repeated), despite the crash");
            } else {
                System.out.println("MISMATCH: " + problems.size() + " problems, first: "
                        + problems.subList(0, Math.min(10, problems.size())));
                System.exit(1);
            }
        }
    }

    /**
     * Waits until the recovery store shows an epoch committed by every worker (resume epoch above 1), read with the
     * public {@link Recovery#inspect}; returns the last committed epoch, or 0 if the run ended first.
     */
    private static long awaitCommittedEpoch(Path recovery, Process run, Duration bound) {
        long end = System.nanoTime() + bound.toNanos();
        while (run.isAlive() && System.nanoTime() < end) {
            try {
                long resume = Recovery.inspect(recovery).resumeEpoch();
                if (resume > 1) {
                    return resume - 1;
                }
            } catch (IllegalStateException e) {
                // Not readable yet (the run is opening the store): look again.
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        if (run.isAlive()) {
            throw new IllegalStateException("no epoch was committed within " + bound);
        }
        return 0;
    }

    /**
     * Exactly-once output of a running count is, per word with N occurrences, the lines {@code word,1} ..
     * {@code word,N}, each exactly once: anything missing, repeated or extra is listed.
     */
    static List<String> checkExactlyOnce(List<String[]> output, Map<String, Long> expected) {
        Map<String, java.util.BitSet> seen = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String[] kv : output) {
            long n = Long.parseLong(kv[1]);
            Long total = expected.get(kv[0]);
            if (total == null || n < 1 || n > total) {
                problems.add("unexpected line " + kv[0] + "," + kv[1]);
                continue;
            }
            java.util.BitSet bits = seen.computeIfAbsent(kv[0], w -> new java.util.BitSet());
            if (bits.get((int) n)) {
                problems.add("repeated line " + kv[0] + "," + n);
            }
            bits.set((int) n);
        }
        expected.forEach((w, total) -> {
            java.util.BitSet bits = seen.getOrDefault(w, new java.util.BitSet());
            int missing = (int) (total - bits.cardinality());
            if (missing > 0) {
                problems.add(missing + " lines of '" + w + "' missing, first " + w + "," + bits.nextClearBit(1));
            }
        });
        return problems;
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

    /** Per key the highest running count in {@code topic}, read to its end with read_committed. */
    static Map<String, Long> readCountsOf(String brokers, String topic) {
        Map<String, Long> counts = new TreeMap<>();
        readAll(brokers, topic).forEach(kv -> counts.merge(kv[0], Long.parseLong(kv[1]), Math::max));
        return counts;
    }

    /** Every (key, value) of {@code topic}, read to its end with read_committed. */
    static List<String[]> readAll(String brokers, String topic) {
        List<String[]> out = new ArrayList<>();
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
                    out.add(new String[]{r.key(), r.value()});
                }
            }
        }
        return out;
    }
}
