package dev.flowstate.internal.recovery;

import static dev.flowstate.internal.recovery.StoreFixtures.load;
import static dev.flowstate.internal.recovery.StoreFixtures.partitionRow;
import static dev.flowstate.internal.recovery.StoreFixtures.row;
import static dev.flowstate.internal.recovery.StoreFixtures.sql;
import static dev.flowstate.internal.recovery.StoreFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowstate.recovery.Recovery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8 item 6: every row and frontier carries a checksum, verified on load; damage names file, step and key. */
class ChecksumTest {
    @TempDir
    Path dir;

    /** One partition, so the damaged row's file is known. */
    private void storeWithCounts() {
        Recovery.init(dir, 1);
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state", "in", "source"));
            store.commit(0, 1, List.of(row("count", "apple", "6"), row("count", "pear", "2"),
                    partitionRow("in", "file-0", "offset=10")));
        }
        StoreFixtures.foldAll(dir); // into the snapshots table, where the tests edit them
    }

    private Path file() {
        return dir.resolve("part-0000.sqlite3");
    }

    @Test
    void aFlippedByteInAState_failsTheResume_namingFileStepAndKey() throws Exception {
        storeWithCounts();
        // one byte of the value changes ('6' becomes '2'); the file structure stays intact
        sql(file(), "UPDATE snapshots SET state = CAST('2' AS BLOB) WHERE key = CAST('apple' AS BLOB)");
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            long resume = store.beginExecution("df", 1, steps("count", "state", "in", "source")).resumeEpoch();
            assertThatThrownBy(() -> load(store, "count", resume))
                    .isInstanceOf(RecoveryStoreException.class)
                    .hasMessageContaining("is corrupt")
                    .hasMessageContaining("step 'count'")
                    .hasMessageContaining("key 'apple'")
                    .hasMessageContaining(file().toString());
        }
    }

    @Test
    void aChangedRouteHashOrEpoch_isDetectedToo() throws Exception {
        storeWithCounts();
        sql(file(), "UPDATE snapshots SET route_hash = route_hash + 1 WHERE key = CAST('pear' AS BLOB)");
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            long resume = store.beginExecution("df", 1, steps("count", "state", "in", "source")).resumeEpoch();
            assertThatThrownBy(() -> load(store, "count", resume)).hasMessageContaining("key 'pear'");
        }
    }

    @Test
    void aDamagedPartitionState_failsItsLoad() throws Exception {
        storeWithCounts();
        sql(file(), "UPDATE snapshots SET state = CAST('offset=99' AS BLOB) WHERE step_id = 'in'");
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            long resume = store.beginExecution("df", 1, steps("count", "state", "in", "source")).resumeEpoch();
            assertThatThrownBy(() -> store.loadPartitionState("in", "file-0", resume))
                    .hasMessageContaining("step 'in'").hasMessageContaining("key 'file-0'");
        }
    }

    @Test
    void aDamagedFrontier_failsTheNextStart() throws Exception {
        storeWithCounts();
        sql(file(), "UPDATE progress SET frontier = frontier + 5");
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            assertThatThrownBy(() -> store.beginExecution("df", 1, steps("count", "state", "in", "source")))
                    .isInstanceOf(RecoveryStoreException.class)
                    .hasMessageContaining("progress record of worker 0 of execution 1 fails its checksum");
        }
    }

    @Test
    void undamagedRows_loadAsWritten() {
        storeWithCounts();
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            long resume = store.beginExecution("df", 1, steps("count", "state", "in", "source")).resumeEpoch();
            assertThat(load(store, "count", resume)).containsEntry("apple", "6").containsEntry("pear", "2");
            assertThat(StoreFixtures.str(store.loadPartitionState("in", "file-0", resume))).isEqualTo("offset=10");
        }
    }
}
