package dev.flowstate.internal.recovery;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAndValue;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class GarbageCollectionIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void underASteadyKeySet_theStoreStopsGrowing() {
        Path store = dir.resolve("store");
        Recovery.init(store, 2);
        int keys = 50;
        List<String> items = IntStream.range(0, 6000).mapToObj(i -> "k" + (i % keys)).toList();
        Dataflow flow = new Dataflow("gc");
        flow.input("in", new TestingSource<>(items, 10))
                .inspect("slow", i -> LockSupport.parkNanos(20_000))
                .keyOn("key", k -> k)
                .statefulMap("count", () -> 0, (n, k) -> StateAndValue.of(n + 1, n + 1))
                .output("out", new TestingSink<>(new ArrayList<>()));
        Flowstate.run(flow, RunConfig.defaults().withEpochInterval(Duration.ofMillis(2))
                .withRecovery(RecoveryConfig.of(store)));
        long epochs = Recovery.inspect(store).resumeEpoch();
        try (ProtocolStore s = ProtocolStore.open(store)) {
            long rows = StoreFixtures.rowCount(s);
            // Without collection every epoch would leave a row per key; with it, a few epochs' worth remain.
            assertThat(epochs).as("epochs run").isGreaterThan(30);
            assertThat(rows).as("rows after %d epochs", epochs).isLessThan(keys * 10L);
        }
    }
}
