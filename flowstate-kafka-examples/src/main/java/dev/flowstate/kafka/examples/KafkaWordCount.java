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
import dev.flowstate.recovery.RecoveryConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Word count from Kafka to Kafka with recovery: reads lines from {@code IN}, emits {@code word → running count}
 * to {@code OUT} exactly once (Kafka transactions), and stops at the end offsets seen at start.
 *
 * <pre>java -cp CP dev.flowstate.kafka.examples.KafkaWordCount BROKERS IN OUT RECOVERY_DIR [WORKERS]</pre>
 *
 * The recovery directory must be initialized ({@code flowstate recovery init DIR 4} or {@code Recovery.init}).
 * Run it again after a crash and it resumes where the last snapshot left off.
 */
public final class KafkaWordCount {
    private KafkaWordCount() {
    }

    public static Dataflow dataflow(String brokers, String in, KafkaSink<KeyValue<String, String>> sink) {
        Dataflow flow = new Dataflow("kafka_word_count");
        flow.input("lines", KafkaSource.records(KafkaSourceConfig.of(brokers, in).withStopAtEnd(true),
                        new StringDeserializer(), new StringDeserializer()))
                .flatMap("words", (KafkaRecord<String, String> r) -> Arrays.stream(
                        r.value().toLowerCase(Locale.ROOT).split("[^a-z']+")).filter(w -> !w.isEmpty()).toList())
                .keyOn("word", (String w) -> w)
                .statefulMap("count", () -> 0L, (Long n, String w) -> StateAndValue.of(n + 1, Long.toString(n + 1)))
                .output("counts", sink);
        return flow;
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: KafkaWordCount BROKERS IN OUT RECOVERY_DIR [WORKERS]");
            System.exit(2);
        }
        KafkaSink<KeyValue<String, String>> sink = KafkaSink.keyValues(
                KafkaSinkConfig.of(args[0]).withPartitions(2).withExactlyOnce("word-count-" + args[2]),
                args[2], new StringSerializer(), new StringSerializer());
        Flowstate.run(dataflow(args[0], args[1], sink), RunConfig.defaults()
                .withWorkers(args.length > 4 ? Integer.parseInt(args[4]) : 2)
                .withEpochInterval(Duration.ofMillis(200))
                .withRecovery(new RecoveryConfig(Path.of(args[3]), Duration.ZERO)));
        System.out.println("word count finished");
    }
}
