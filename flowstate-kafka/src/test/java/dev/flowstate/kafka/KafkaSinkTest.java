package dev.flowstate.kafka;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.io.SinkPartition;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;
import dev.flowstate.testing.TestingSource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(SharedBroker.class)
class KafkaSinkTest {
    private static int prefixes;

    static KafkaSink<KeyValue<String, String>> sink(String topic, boolean exactlyOnce, int partitions) {
        KafkaSinkConfig c = KafkaSinkConfig.of(SharedBroker.servers()).withPartitions(partitions)
                .withTimeout(Duration.ofSeconds(20));
        if (exactlyOnce) {
            c = c.withExactlyOnce("test-" + topic + "-" + (prefixes++));
        }
        return KafkaSink.keyValues(c, topic, new StringSerializer(), new StringSerializer());
    }

    static List<KeyValue<String, String>> items(int n) {
        List<KeyValue<String, String>> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(new KeyValue<>("k" + (i % 5), "v" + i));
        }
        return l;
    }

    static List<String> strings(List<KeyValue<String, String>> items) {
        return items.stream().map(kv -> kv.key() + "," + kv.value()).toList();
    }

    @Test
    void atLeastOnce_writesEveryItem(@TempDir Path dir) {
        String topic = SharedBroker.topic("alo", 3);
        Recovery.init(dir, 2);
        var sink = sink(topic, false, 2);
        Dataflow flow = new Dataflow("alo");
        flow.input("in", new TestingSource<>(items(1000), 50)).output("out", sink);
        Flowstate.run(flow, RunConfig.defaults().withWorkers(2).withEpochInterval(Duration.ofMillis(20))
                .withRecovery(new RecoveryConfig(dir, Duration.ZERO)));
        assertThat(Topics.readAll(SharedBroker.servers(), topic, true)).containsExactlyInAnyOrderElementsOf(strings(items(1000)));
    }

    @Test
    void exactlyOnce_everyItemIsCommittedOnce_includingTheFinalEpoch(@TempDir Path dir) {
        String topic = SharedBroker.topic("eos", 3);
        Recovery.init(dir, 2);
        var sink = sink(topic, true, 3);
        Dataflow flow = new Dataflow("eos");
        flow.input("in", new TestingSource<>(items(1000), 50)).output("out", sink);
        Flowstate.run(flow, RunConfig.defaults().withWorkers(2).withEpochInterval(Duration.ofMillis(20))
                .withRecovery(new RecoveryConfig(dir, Duration.ZERO)));
        // No call after the run: the engine reports the final epoch committed before closing the sink.
        assertThat(Topics.readAll(SharedBroker.servers(), topic, true)).containsExactlyInAnyOrderElementsOf(strings(items(1000)));
    }

    @Test
    void exactlyOnce_theFinalEpochIsCommittedWhenRunReturns(@TempDir Path dir) {
        String topic = SharedBroker.topic("eos-final", 3);
        Recovery.init(dir, 2);
        var sink = sink(topic, true, 3);
        Dataflow flow = new Dataflow("eos_final");
        flow.input("in", new TestingSource<>(items(500), 50)).output("out", sink);
        // An epoch interval far longer than the run: the input ends within epoch 1, so every item is written in the
        // final (and only) epoch, whose transactions only onEpochCommitted(last epoch) commits.
        Flowstate.run(flow, RunConfig.defaults().withWorkers(2).withEpochInterval(Duration.ofHours(1))
                .withRecovery(new RecoveryConfig(dir, Duration.ZERO)));
        // Right after the run returned, with nothing else called: a read_committed consumer sees all of it ...
        assertThat(Topics.readAll(SharedBroker.servers(), topic, true))
                .as("the final epoch's output, read_committed, right after Flowstate.run returned")
                .containsExactlyInAnyOrderElementsOf(strings(items(500)));
        // ... and nothing else was written (no aborted or repeated records).
        assertThat(Topics.readAll(SharedBroker.servers(), topic, false))
                .containsExactlyInAnyOrderElementsOf(strings(items(500)));
    }

    @Test
    void exactlyOnce_aResumedPartitionCommitsWhatTheCrashedOnePrepared_andAbortsWhatItLeftOpen() throws Exception {
        String topic = SharedBroker.topic("resume", 1);
        var sink = sink(topic, true, 1);
        // Run 1: epoch 1 prepared (snapshot taken, store "committed" it), epoch 2 written but not prepared; crash.
        SinkPartition<KeyValue<String, String>, KafkaSinkState> p1 = sink.buildPartition("0", null);
        p1.writeBatch(List.of(new KeyValue<>("a", "epoch1")));
        KafkaSinkState afterEpoch1 = p1.snapshot();
        p1.writeBatch(List.of(new KeyValue<>("b", "epoch2-zombie")));
        assertThat(afterEpoch1.prepared()).hasSize(1);
        // (p1 is abandoned without close, as after SIGKILL.)
        // Run 2 resumes at epoch 2 with the state of epoch 1.
        SinkPartition<KeyValue<String, String>, KafkaSinkState> p2 = sink.buildPartition("0", afterEpoch1);
        assertThat(Topics.readAll(SharedBroker.servers(), topic, true)).containsExactly("a,epoch1");
        p2.writeBatch(List.of(new KeyValue<>("b", "epoch2")));
        KafkaSinkState afterEpoch2 = p2.snapshot();
        p2.onEpochCommitted(2);
        assertThat(Topics.readAll(SharedBroker.servers(), topic, true)).containsExactly("a,epoch1", "b,epoch2");
        // A third run resuming from the epoch 1 state again (run 2 crashed before its epoch 2 committed everywhere)
        // commits epoch 1 a second time harmlessly and aborts nothing committed.
        p2.close();
        SinkPartition<KeyValue<String, String>, KafkaSinkState> p3 = sink.buildPartition("0", afterEpoch2);
        p3.close();
        assertThat(Topics.readAll(SharedBroker.servers(), topic, true)).containsExactly("a,epoch1", "b,epoch2");
    }
}
