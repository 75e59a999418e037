package dev.flowstate.internal.recovery;

import static dev.flowstate.internal.recovery.StoreFixtures.partitionRow;
import static dev.flowstate.internal.recovery.StoreFixtures.row;
import static dev.flowstate.internal.recovery.StoreFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryReport;
import dev.flowstate.recovery.RecoveryReport.ExecutionInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectTest {
    private static final List<RecoveryStore.StepInfo> STEPS = steps("count", "state", "idle", "state", "in", "source");

    @TempDir
    Path dir;

    @Test
    void freshStore_reportsNoExecutionsAndResumeEpochOne() {
        Recovery.init(dir, 2);
        RecoveryReport report = Recovery.inspect(dir);
        assertThat(report.partitions()).isEqualTo(2);
        assertThat(report.executions()).isEmpty();
        assertThat(report.resumeEpoch()).isEqualTo(1);
        assertThat(report.keysPerStep()).isEmpty();
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            assertThat(report.storeId()).isEqualTo(store.storeId());
        }
    }

    @Test
    void reportsHistory_resumeEpoch_andLiveKeysPerStep() throws Exception {
        Recovery.init(dir, 3);
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 2, STEPS);
            store.commit(0, 1, List.of(row("count", "a", "1"), row("count", "b", "1"), partitionRow("in", "p0", "o")));
            store.commit(1, 1, List.of(row("count", "c", "1")));
            store.commit(0, 2, List.of(row("count", "b", null)));
            store.commit(0, 3, List.of(row("count", "d", "1"))); // worker 1 is behind: not part of the resume point
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 3, STEPS);
            store.commit(0, 2, List.of(row("count", "e", "2")));
            store.commit(1, 2, List.of());
            store.commit(2, 2, List.of(row("count", "a", null)));
        }
        Path wal = dir.resolve("part-0000.sqlite3");
        long sizeBefore = Files.size(wal);

        RecoveryReport report = Recovery.inspect(dir);

        assertThat(report.executions()).containsExactly(
                new ExecutionInfo(1, 2, 1, 2),
                new ExecutionInfo(2, 3, 2, 3));
        assertThat(report.resumeEpoch()).isEqualTo(3);
        // as of epoch 3: count = {b, c, e} (a tombstoned at 2; b's tombstone and d were discarded with epochs >= 2
        // of execution 1), in = {p0}
        assertThat(report.keysPerStep()).isEqualTo(Map.of("count", 3L, "in", 1L, "idle", 0L));
        assertThat(report.format()).contains("resume epoch: 3", "#2: 3 workers, resumed at epoch 2, frontier 3",
                "count: 3");
        assertThat(Files.size(wal)).isEqualTo(sizeBefore);
    }

    @Test
    void inspect_whileStoreIsOpenAndWriting_seesCommittedState() {
        Recovery.init(dir, 2);
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, STEPS);
            store.commit(0, 1, List.of(row("count", "a", "1"), row("count", "b", "1")));
            RecoveryReport report = Recovery.inspect(dir);
            assertThat(report.resumeEpoch()).isEqualTo(2);
            assertThat(report.keysPerStep()).containsEntry("count", 2L);
            store.commit(0, 2, List.of(row("count", "c", "1")));
            assertThat(Recovery.inspect(dir).keysPerStep()).containsEntry("count", 3L);
        }
    }

    @Test
    void uninitializedDirectory_isRefused() {
        assertThatThrownBy(() -> Recovery.inspect(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("flowstate recovery init");
    }
}
