package dev.flowstate.internal.recovery;

import static dev.flowstate.internal.recovery.StoreFixtures.load;
import static dev.flowstate.internal.recovery.StoreFixtures.row;
import static dev.flowstate.internal.recovery.StoreFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.recovery.Recovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GarbageTest {
    private static final List<RecoveryStore.StepInfo> STEPS = steps("count", "state");

    @TempDir
    Path dir;

    private ProtocolStore open(int partitions) {
        Recovery.init(dir, partitions);
        return StoreFixtures.foldingAtEveryCollection(ProtocolStore.open(dir));
    }

    @Test
    void steadyKeySet_rowCountStaysBounded_andStateStaysLoadable() {
        int keys = 200;
        try (ProtocolStore store = open(3)) {
            store.beginExecution("df", 2, STEPS);
            Map<String, String> expected = new HashMap<>();
            long maxRows = 0;
            for (int epoch = 1; epoch <= 40; epoch++) {
                List<List<SnapshotRow>> byWorker = List.of(new ArrayList<>(), new ArrayList<>());
                for (int k = 0; k < keys; k++) {
                    if ((k + epoch) % 3 == 0) {
                        continue; // not touched this epoch
                    }
                    String key = "k" + k;
                    String state = (k + epoch) % 11 == 0 ? null : key + "@" + epoch;
                    byWorker.get(StoreFixtures.routeHash(key) % 2).add(row("count", key, state));
                    if (state == null) {
                        expected.remove(key);
                    } else {
                        expected.put(key, state);
                    }
                }
                store.commit(0, epoch, byWorker.get(0));
                store.commit(1, epoch, byWorker.get(1));
                store.collectGarbage(epoch + 1 - 2); // keep two epochs back
                maxRows = Math.max(maxRows, StoreFixtures.rowCount(store));
                assertThat(load(store, "count", epoch + 1)).isEqualTo(expected);
            }
            // at most: newest-before-keep per key plus the rows of the two kept epochs
            assertThat(maxRows).isLessThanOrEqualTo(3L * keys);
        }
    }

    @Test
    void gc_keepsNewestRowBeforeKeepEpoch_andDropsLoneTombstones() {
        try (ProtocolStore store = open(2)) {
            store.beginExecution("df", 1, STEPS);
            store.commit(0, 1, List.of(row("count", "a", "a1"), row("count", "b", "b1"), row("count", "c", "c1")));
            store.commit(0, 2, List.of(row("count", "a", "a2"), row("count", "b", null)));
            store.commit(0, 3, List.of(row("count", "a", "a3"), row("count", "c", null)));
            store.commit(0, 4, List.of(row("count", "a", "a4")));
            assertThat(StoreFixtures.rowCount(store)).isEqualTo(8);

            store.collectGarbage(3);
            // a: a2 (newest before 3), a3, a4; b: nothing (tombstone at 2 was the newest); c: c1, tombstone at 3
            assertThat(StoreFixtures.rowCount(store)).isEqualTo(5);
            assertThat(load(store, "count", 3)).containsOnly(entry("a", "a2"), entry("c", "c1"));
            assertThat(load(store, "count", 4)).containsOnly(entry("a", "a3"));
            assertThat(load(store, "count", 5)).containsOnly(entry("a", "a4"));

            store.collectGarbage(5);
            assertThat(StoreFixtures.rowCount(store)).isEqualTo(1);
            assertThat(load(store, "count", 5)).containsOnly(entry("a", "a4"));
        }
    }

    @Test
    void gc_neverCollectsPastTheMinimumFrontier() {
        try (ProtocolStore store = open(1)) {
            store.beginExecution("df", 2, STEPS);
            store.commit(0, 1, List.of(row("count", "a", "a1")));
            store.commit(1, 1, List.of());
            store.commit(0, 2, List.of(row("count", "a", "a2")));
            store.commit(0, 3, List.of(row("count", "a", "a3")));
            // worker 1 is at frontier 2: resuming would need a1, whatever the caller asks
            store.collectGarbage(100);
            assertThat(load(store, "count", 2)).containsOnly(entry("a", "a1"));
            store.commit(1, 2, List.of());
            store.collectGarbage(100);
            assertThat(load(store, "count", 3)).containsOnly(entry("a", "a2"));
            assertThat(StoreFixtures.rowCount(store)).isEqualTo(2);
        }
    }

    private long progressRows() throws Exception {
        return StoreFixtures.queryLong(dir.resolve("part-0000.sqlite3"), "SELECT count(*) FROM progress")
                + StoreFixtures.queryLong(dir.resolve("part-0001.sqlite3"), "SELECT count(*) FROM progress");
    }

    @Test
    void gc_deletesProgressOfOlderExecutions_butKeepsHistory() throws Exception {
        try (ProtocolStore store = open(2)) {
            store.beginExecution("df", 3, STEPS);
            store.commit(0, 1, List.of());
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 2, STEPS);
            store.commit(0, 1, List.of());
            store.commit(1, 1, List.of());
            assertThat(progressRows()).isEqualTo(5);
            store.collectGarbage(2);
            assertThat(progressRows()).isEqualTo(2);
        }
        var report = Recovery.inspect(dir);
        assertThat(report.executions()).hasSize(2);
        assertThat(report.executions().get(0).frontier()).isEqualTo(1);
        assertThat(report.resumeEpoch()).isEqualTo(2);
    }
}
