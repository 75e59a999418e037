package dev.flowstate.kafka;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;
import dev.flowstate.testing.TestingSink;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(SharedBroker.class)
class KafkaSourceTest {

    static List<String[]> pairs(int from, int to) {
        List<String[]> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(new String[]{"k" + (i % 7), "v" + i});
        }
        return l;
    }

    static List<String> values(List<String[]> pairs) {
        return pairs.stream().map(p -> p[1]).toList();
    }

    static List<String> run(KafkaSourceConfig config, int workers, Path recovery) {
        List<String> out = new ArrayList<>();
        Dataflow flow = new Dataflow("read");
        flow.input("in", KafkaSource.records(config, new StringDeserializer(), new StringDeserializer()))
                .map("value", (KafkaRecord<String, String> r) -> r.value())
                .output("out", new TestingSink<>(out));
        RunConfig rc = RunConfig.defaults().withWorkers(workers).withEpochInterval(Duration.ofMillis(100));
        if (recovery != null) {
            rc = rc.withRecovery(new RecoveryConfig(recovery, Duration.ZERO));
        }
        Flowstate.run(flow, rc);
        return out;
    }

    @ParameterizedTest(name = "{0} topic partitions, {1} workers")
    @CsvSource({"1,1", "1,2", "1,3", "3,1", "3,2", "3,3"})
    void whenStoppingAtEnd_everyRecordIsReadOnce(int partitions, int workers) {
        String topic = SharedBroker.topic("src", partitions);
        List<String[]> in = pairs(0, 2000);
        Topics.produce(SharedBroker.servers(), topic, in);
        List<String> out = run(KafkaSourceConfig.of(SharedBroker.servers(), topic).withStopAtEnd(true).withBatchSize(100),
                workers, null);
        assertThat(out).containsExactlyInAnyOrderElementsOf(values(in));
    }

    @Test
    void reportsEachPartitionsOffsetAndConsumerLagToObservers() {
        String topic = SharedBroker.topic("progress", 2);
        Topics.produce(SharedBroker.servers(), topic, pairs(0, 600));
        java.util.concurrent.atomic.AtomicReference<dev.flowstate.RunView> view = new java.util.concurrent.atomic.AtomicReference<>();
        Dataflow flow = new Dataflow("progress");
        flow.input("in", KafkaSource.records(KafkaSourceConfig.of(SharedBroker.servers(), topic).withStopAtEnd(true)
                        .withBatchSize(100), new StringDeserializer(), new StringDeserializer()))
                .output("out", new TestingSink<>(new ArrayList<>()));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(2).withObserver(view::set));

        List<dev.flowstate.RunView.Partition> parts = view.get().partitions();
        assertThat(parts).hasSize(2);
        // Read to the end: each position is its partition's end offset, and nothing is left behind.
        assertThat(parts.stream().mapToLong(dev.flowstate.RunView.Partition::position).sum()).isEqualTo(600);
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.position()).isEqualTo(p.itemsRead());
            assertThat(p.lag()).isZero();
        });
    }

    @Test
    void whenResumed_readsOnlyRecordsAfterTheSavedOffsets(@TempDir Path dir) {
        String topic = SharedBroker.topic("resume", 3);
        Recovery.init(dir, 2);
        KafkaSourceConfig config = KafkaSourceConfig.of(SharedBroker.servers(), topic).withStopAtEnd(true);
        Topics.produce(SharedBroker.servers(), topic, pairs(0, 500));
        assertThat(run(config, 2, dir)).hasSize(500);
        Topics.produce(SharedBroker.servers(), topic, pairs(500, 800));
        assertThat(run(config, 3, dir)).containsExactlyInAnyOrderElementsOf(values(pairs(500, 800)));
    }

    @Test
    void whenStartingAtLatestOrATimestamp_earlierRecordsAreSkipped() {
        String topic = SharedBroker.topic("start", 1);
        Topics.produce(SharedBroker.servers(), topic, pairs(0, 10));
        KafkaSourceConfig base = KafkaSourceConfig.of(SharedBroker.servers(), topic).withStopAtEnd(true);
        assertThat(run(base.withStartOffset(StartOffset.latest()), 1, null)).isEmpty();
        assertThat(run(base.withStartOffset(StartOffset.timestamp(Instant.now().plusSeconds(3600))), 1, null)).isEmpty();
        assertThat(run(base.withStartOffset(StartOffset.timestamp(Instant.EPOCH)), 1, null)).hasSize(10);
    }

    @Test
    void whenARecordDoesNotDeserialize_theDataflowStopsNamingTopicPartitionAndOffset() {
        String topic = SharedBroker.topic("bad", 1);
        Topics.produce(SharedBroker.servers(), topic, List.of(new String[]{"a", "1234"}, new String[]{"b", "xy"}));
        Dataflow flow = new Dataflow("bad");
        flow.input("in", KafkaSource.records(KafkaSourceConfig.of(SharedBroker.servers(), topic).withStopAtEnd(true),
                        new StringDeserializer(), new IntegerDeserializer()))
                .output("out", new TestingSink<>(new ArrayList<>()));
        assertThatThrownBy(() -> Flowstate.run(flow, RunConfig.defaults()))
                .isInstanceOf(DataflowException.class)
                .hasStackTraceContaining("topic " + topic + " partition 0 offset 1");
    }

    @Test
    void whenErrorsAreItems_badRecordsGoToTheErrorStream() {
        String topic = SharedBroker.topic("errs", 1);
        Topics.produce(SharedBroker.servers(), topic,
                List.of(new String[]{"a", "1234"}, new String[]{"b", "xy"}, new String[]{"c", "5678"}));
        List<Object> ok = new ArrayList<>();
        List<Object> errors = new ArrayList<>();
        Dataflow flow = new Dataflow("errs");
        var in = flow.input("in", KafkaSource.messages(KafkaSourceConfig.of(SharedBroker.servers(), topic)
                .withStopAtEnd(true), new StringDeserializer(), new IntegerDeserializer()));
        in.filter("good", m -> m instanceof KafkaRecord).output("ok", new TestingSink<>(ok));
        in.filter("bad", m -> m instanceof KafkaError).output("errors", new TestingSink<>(errors));
        Flowstate.run(flow, RunConfig.defaults());
        assertThat(ok).hasSize(2);
        assertThat(errors).singleElement().satisfies(e -> {
            KafkaError<?, ?> err = (KafkaError<?, ?>) e;
            assertThat(err.offset()).isEqualTo(1);
            assertThat(new String(err.value())).isEqualTo("xy");
            assertThat(err.error()).contains("SerializationException");
        });
    }

    @Test
    void whenTheTopicIsMissing_theDataflowFailsWithinTheTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> run(KafkaSourceConfig.of(SharedBroker.servers(), "no-such-topic")
                .withTimeout(Duration.ofSeconds(5)), 1, null))
                .hasStackTraceContaining("topic no-such-topic does not exist on brokers " + SharedBroker.servers());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void whenTheBrokerIsUnreachable_theDataflowFailsWithinTheTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        String brokers = "127.0.0.1:" + port;
        assertThatThrownBy(() -> run(KafkaSourceConfig.of(brokers, "t").withTimeout(Duration.ofSeconds(3)), 1, null))
                .hasStackTraceContaining("brokers " + brokers + " did not answer within PT3S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
