package dev.flowstate.internal.recovery;

import static dev.flowstate.internal.recovery.StoreFixtures.load;
import static dev.flowstate.internal.recovery.StoreFixtures.partitionRow;
import static dev.flowstate.internal.recovery.StoreFixtures.row;
import static dev.flowstate.internal.recovery.StoreFixtures.sql;
import static dev.flowstate.internal.recovery.StoreFixtures.steps;
import static dev.flowstate.internal.recovery.StoreFixtures.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.flowstate.internal.recovery.RecoveryStore.ExecutionStart;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.recovery.Recovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutionTest {
    private static final List<RecoveryStore.StepInfo> STEPS = steps("count", "state", "in", "source");

    @TempDir
    Path dir;

    private ProtocolStore open(int partitions) {
        Recovery.init(dir, partitions);
        return ProtocolStore.open(dir);
    }

    @Test
    void freshStore_resumesAtEpochOne() {
        try (ProtocolStore store = open(2)) {
            assertThat(store.beginExecution("df", 3, STEPS)).isEqualTo(new ExecutionStart(1, 1, 0));
        }
    }

    @Test
    void finishedWorkers_doNotHoldBackTheResumeEpoch() {
        try (ProtocolStore store = open(2)) {
            store.beginExecution("df", 3, STEPS);
            store.commit(List.of(new RecoveryStore.EpochCommit(0, 2, List.of(), true)));
            store.commit(1, 5, List.of());
            store.commit(2, 7, List.of());
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            // worker 0 finished at epoch 2; the running workers' frontiers are 6 and 8
            assertThat(store.beginExecution("df", 3, STEPS).resumeEpoch()).isEqualTo(6);
            store.commit(List.of(new RecoveryStore.EpochCommit(0, 6, List.of(), true),
                    new RecoveryStore.EpochCommit(1, 9, List.of(), true),
                    new RecoveryStore.EpochCommit(2, 8, List.of(), true)));
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            // all finished: continue after the last epoch any of them ran
            assertThat(store.beginExecution("df", 3, STEPS).resumeEpoch()).isEqualTo(10);
        }
    }

    @Test
    void resumeEpoch_isMinimumFrontierOverWorkersOfLatestExecution() {
        try (ProtocolStore store = open(2)) {
            store.beginExecution("df", 3, STEPS);
            store.commit(0, 1, List.of());
            store.commit(0, 2, List.of());
            store.commit(1, 1, List.of());
            store.commit(2, 1, List.of());
            store.commit(2, 2, List.of());
            store.commit(2, 3, List.of());
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            // frontiers 3, 2, 4: worker 1 only got epoch 1 durable
            assertThat(store.beginExecution("df", 2, STEPS)).isEqualTo(new ExecutionStart(2, 2, 3));
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            // execution 2 committed nothing: every worker still at its start frontier
            assertThat(store.beginExecution("df", 4, STEPS)).isEqualTo(new ExecutionStart(3, 2, 2));
        }
    }

    @Test
    void rowsAtOrAfterResumeEpoch_areDeletedOnBegin() {
        try (ProtocolStore store = open(3)) {
            store.beginExecution("df", 2, STEPS);
            store.commit(0, 1, List.of(row("count", "a", "a1"), row("count", "b", "b1")));
            store.commit(1, 1, List.of(row("count", "c", "c1")));
            store.commit(0, 2, List.of(row("count", "a", "a2"), row("count", "d", "d2")));
            // worker 1 crashed before committing epoch 2; worker 0 got further
            store.commit(0, 3, List.of(row("count", "a", "a3")));
            assertThat(StoreFixtures.rowCount(store)).isEqualTo(6);
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            assertThat(store.beginExecution("df", 2, STEPS).resumeEpoch()).isEqualTo(2);
            assertThat(StoreFixtures.rowCount(store)).isEqualTo(3);
            // even a caller asking for more than the resume epoch cannot see the discarded rows
            assertThat(load(store, "count", 100)).containsOnly(entry("a", "a1"), entry("b", "b1"), entry("c", "c1"));
        }
    }

    @Test
    void interruptedBegin_rerunGivesSameResumeEpoch() throws Exception {
        try (ProtocolStore store = open(2)) {
            store.beginExecution("df", 2, STEPS);
            store.commit(0, 1, List.of(row("count", "a", "a1")));
            store.commit(1, 1, List.of(row("count", "b", "b1")));
            store.commit(0, 2, List.of(row("count", "a", "a2")));
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            assertThat(store.beginExecution("df", 3, STEPS)).isEqualTo(new ExecutionStart(2, 2, 2));
        }
        // Simulate a crash before the commit point: execution 2's row never became durable (its progress rows did).
        sql(dir.resolve("part-0000.sqlite3"), "DELETE FROM executions WHERE execution = 2",
                "UPDATE executions SET final_frontier = NULL");
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            assertThat(store.beginExecution("df", 1, STEPS)).isEqualTo(new ExecutionStart(2, 2, 2));
            assertThat(load(store, "count", 2)).containsOnly(entry("a", "a1"), entry("b", "b1"));
        }
    }

    @Test
    void load_newestRowBeforeEpoch_andTombstonesMeanNoState() {
        try (ProtocolStore store = open(4)) {
            store.beginExecution("df", 1, STEPS);
            store.commit(0, 1, List.of(row("count", "a", "a1"), row("count", "b", "b1"), row("count", "c", "c1")));
            store.commit(0, 2, List.of(row("count", "a", "a2"), row("count", "b", null)));
            store.commit(0, 3, List.of(row("count", "b", "b3"), row("count", "c", null), row("other", "a", "x")));

            assertThat(load(store, "count", 1)).isEmpty();
            assertThat(load(store, "count", 2)).containsOnly(entry("a", "a1"), entry("b", "b1"), entry("c", "c1"));
            assertThat(load(store, "count", 3)).containsOnly(entry("a", "a2"), entry("c", "c1"));
            assertThat(load(store, "count", 4)).containsOnly(entry("a", "a2"), entry("b", "b3"));
        }
    }

    @Test
    void rescale_rowsOfTwoWorkersLoadExactlyOnceAcrossThree() {
        Map<String, String> expected = new HashMap<>();
        try (ProtocolStore store = open(3)) {
            store.beginExecution("df", 2, STEPS);
            for (int epoch = 1; epoch <= 3; epoch++) {
                List<List<SnapshotRow>> byWorker = List.of(new ArrayList<>(), new ArrayList<>());
                for (int k = 0; k < 500; k++) {
                    String key = "key-" + k;
                    String state = k % 7 == epoch ? null : key + "@" + epoch;
                    byWorker.get(StoreFixtures.routeHash(key) % 2).add(row("count", key, state));
                    if (state == null) {
                        expected.remove(key);
                    } else {
                        expected.put(key, state);
                    }
                }
                store.commit(0, epoch, byWorker.get(0));
                store.commit(1, epoch, byWorker.get(1));
            }
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            assertThat(store.beginExecution("df", 3, STEPS)).isEqualTo(new ExecutionStart(2, 4, 2));
            Map<String, String> all = new HashMap<>();
            for (int w = 0; w < 3; w++) {
                int worker = w;
                Map<String, String> mine = load(store, "count", 4, 3, w);
                assertThat(mine.keySet()).allMatch(k -> StoreFixtures.routeHash(k) % 3 == worker);
                mine.forEach((k, v) -> assertThat(all.put(k, v)).as("loaded twice: %s", k).isNull());
            }
            assertThat(all).isEqualTo(expected);
        }
    }

    @Test
    void partitionState_newestBeforeEpoch_orNull() {
        try (ProtocolStore store = open(2)) {
            store.beginExecution("df", 1, STEPS);
            store.commit(0, 1, List.of(partitionRow("in", "p-0", "offset=10"), partitionRow("in", "p-1", "offset=3")));
            store.commit(0, 2, List.of(partitionRow("in", "p-0", "offset=20")));
            store.commit(0, 3, List.of(partitionRow("in", "p-1", null)));

            assertThat(store.loadPartitionState("in", "p-0", 1)).isNull();
            assertThat(str(store.loadPartitionState("in", "p-0", 2))).isEqualTo("offset=10");
            assertThat(str(store.loadPartitionState("in", "p-0", 9))).isEqualTo("offset=20");
            assertThat(str(store.loadPartitionState("in", "p-1", 3))).isEqualTo("offset=3");
            assertThat(store.loadPartitionState("in", "p-1", 4)).isNull();
            assertThat(store.loadPartitionState("in", "p-9", 4)).isNull();
        }
    }

    @Test
    void commit_beforeBegin_orBeforeResumeEpoch_isRefused() {
        try (ProtocolStore store = open(1)) {
            assertThatThrownBy(() -> store.commit(0, 1, List.of())).hasMessageContaining("beginExecution");
            store.beginExecution("df", 1, STEPS);
            store.commit(0, 1, List.of());
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 2, STEPS);
            assertThatThrownBy(() -> store.commit(0, 1, List.of())).hasMessageContaining("before resume epoch 2");
            assertThatThrownBy(() -> store.commit(2, 2, List.of())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void removedStatefulStepWithState_isRefused_andNothingIsDeleted() {
        try (ProtocolStore store = open(2)) {
            store.beginExecution("df", 1, steps("count", "state", "sum", "state", "in", "source"));
            store.commit(0, 1, List.of(row("count", "a", "1"), row("sum", "a", "2"), partitionRow("in", "p", "o")));
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            assertThatThrownBy(() -> store.beginExecution("df", 1, steps("count", "state")))
                    .isInstanceOf(RecoveryStoreException.class)
                    .hasMessageContaining("'sum'")
                    .hasMessageNotContaining("'in'")
                    .hasMessageContaining("fresh store");
            assertThatThrownBy(() -> store.beginExecution("df", 1, steps("count", "source", "sum", "state")))
                    .isInstanceOf(RecoveryStoreException.class)
                    .hasMessageContaining("step 'count' was a state step and is now a source step");
            assertThat(StoreFixtures.rowCount(store)).isEqualTo(3);
            assertThat(Recovery.inspect(dir).executions()).hasSize(1);
        }
    }

    @Test
    void newSteps_andRemovedStepsWithoutLiveState_areAccepted() {
        try (ProtocolStore store = open(1)) {
            store.beginExecution("df", 1, steps("count", "state", "gone", "state"));
            store.commit(0, 1, List.of(row("count", "a", "1"), row("gone", "a", "x")));
            store.commit(0, 2, List.of(row("gone", "a", null)));
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            ExecutionStart start = store.beginExecution("df", 1, steps("count", "state", "fresh", "state"));
            assertThat(start.resumeEpoch()).isEqualTo(3);
            assertThat(load(store, "fresh", 3)).isEmpty();
            assertThat(load(store, "count", 3)).containsOnly(entry("a", "1"));
        }
    }
}
