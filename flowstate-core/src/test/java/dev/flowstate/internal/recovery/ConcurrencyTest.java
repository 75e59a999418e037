package dev.flowstate.internal.recovery;

import static dev.flowstate.internal.recovery.StoreFixtures.load;
import static dev.flowstate.internal.recovery.StoreFixtures.row;
import static dev.flowstate.internal.recovery.StoreFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.recovery.Recovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void secondInstance_attachesToExecutionBegunByFirst() {
        Recovery.init(dir, 2);
        try (ProtocolStore first = ProtocolStore.open(dir);
             ProtocolStore second = ProtocolStore.open(dev.flowstate.recovery.spi.StoreLocation.of(dir), false)) {
            RecoveryStore.ExecutionStart start = first.beginExecution("df", 2, steps("count", "state"));
            assertThat(second.attachExecution(start.execution())).isEqualTo(start);
            first.commit(0, 1, List.of(row("count", "a", "a1")));
            second.commit(1, 1, List.of(row("count", "b", "b1")));
            assertThat(Recovery.inspect(dir).resumeEpoch()).isEqualTo(2);
            assertThat(load(second, "count", 2)).containsOnly(
                    entry("a", "a1"), entry("b", "b1"));
            assertThatThrownBy(() -> second.attachExecution(7))
                    .isInstanceOf(RecoveryStoreException.class).hasMessageContaining("latest execution is 1");
        }
    }

    @Test
    void workersCommittingAndCollectingAtOnce_leaveConsistentState() throws Exception {
        int workers = 4;
        int epochs = 25;
        Recovery.init(dir, 3);
        Map<String, String> expected = new HashMap<>();
        for (int k = 0; k < 400; k++) {
            expected.put("k" + k, "k" + k + "@" + epochs);
        }
        try (ProtocolStore store = StoreFixtures.foldingAtEveryCollection(ProtocolStore.open(dir))) {
            store.beginExecution("df", workers, steps("count", "state"));
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int worker = w;
                    done.add(pool.submit(() -> {
                        for (int epoch = 1; epoch <= epochs; epoch++) {
                            List<SnapshotRow> rows = new ArrayList<>();
                            for (String key : expected.keySet()) {
                                if (StoreFixtures.routeHash(key) % workers == worker) {
                                    rows.add(row("count", key, key + "@" + epoch));
                                }
                            }
                            store.commit(worker, epoch, rows);
                            store.collectGarbage(epoch + 1);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            store.collectGarbage(epochs + 1);
            assertThat(StoreFixtures.rowCount(store)).isEqualTo(expected.size());
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            assertThat(store.beginExecution("df", 2, steps("count", "state")).resumeEpoch()).isEqualTo(epochs + 1);
            Map<String, String> all = new HashMap<>(load(store, "count", epochs + 1, 2, 0));
            all.putAll(load(store, "count", epochs + 1, 2, 1));
            assertThat(all).isEqualTo(expected);
        }
    }
}
