package dev.flowstate.internal.recovery;

import static dev.flowstate.internal.recovery.StoreFixtures.bytes;
import static dev.flowstate.internal.recovery.StoreFixtures.load;
import static dev.flowstate.internal.recovery.StoreFixtures.queryLong;
import static dev.flowstate.internal.recovery.StoreFixtures.row;
import static dev.flowstate.internal.recovery.StoreFixtures.sql;
import static dev.flowstate.internal.recovery.StoreFixtures.steps;
import static dev.flowstate.internal.recovery.StoreFixtures.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.spi.Segments;
import dev.flowstate.recovery.spi.StoredRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite epoch log: its chunks ({@link Segments}), reads that overlay log and table, folding, and the upgrade. */
class PartitionLogTest {
    @TempDir
    Path dir;

    private static StoredRow stored(String step, String key, long epoch, String state) {
        return new StoredRow(step, bytes(key), epoch, key.length(), state == null ? null : bytes(state), key.hashCode());
    }

    private static List<StoredRow> decodeAll(List<List<StoredRow>> groups) {
        List<StoredRow> out = new ArrayList<>();
        for (List<StoredRow> g : groups) {
            out.addAll(Segments.decode(Segments.encode(g)));
        }
        return out;
    }

    private static String text(StoredRow r) {
        return r.stepId() + "/" + str(r.key()) + "@" + r.epoch() + "=" + str(r.state()) + " route " + r.routeHash()
                + " sum " + r.checksum();
    }

    @Test
    void codec_roundTripsRowsOfSeveralSteps_tombstonesAndEmptyKeysAndStates() {
        List<StoredRow> rows = List.of(stored("count", "apple", 7, "3"), stored("count", "pear", 7, null),
                stored("in", "file-0", 7, "offset=10"), stored("count", "", 7, ""), stored("ü-step", "k", 7, "v"));
        assertThat(Segments.split(rows, PartitionLog.CHUNK_BYTES)).hasSize(1);
        assertThat(Segments.decode(Segments.encode(rows))).extracting(PartitionLogTest::text)
                .containsExactlyElementsOf(rows.stream().map(PartitionLogTest::text).toList());
    }

    @Test
    void codec_splitsLargeWritesIntoChunks_inOrder() {
        String big = "x".repeat(PartitionLog.CHUNK_BYTES / 3);
        List<StoredRow> rows = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            rows.add(stored("count", "k" + i, 2, big + i));
        }
        List<List<StoredRow>> chunks = Segments.split(rows, PartitionLog.CHUNK_BYTES);
        assertThat(chunks.size()).isBetween(2, 4);
        assertThat(chunks).allSatisfy(c -> assertThat(Segments.encode(c).length).isLessThanOrEqualTo(
                PartitionLog.CHUNK_BYTES + PartitionLog.CHUNK_BYTES / 3 + 100));
        assertThat(decodeAll(chunks)).extracting(PartitionLogTest::text)
                .containsExactlyElementsOf(rows.stream().map(PartitionLogTest::text).toList());
    }

    @Test
    void codec_refusesAFlippedBit_aTruncatedChunk_andForeignBytes() {
        byte[] chunk = Segments.encode(List.of(stored("count", "apple", 1, "3")));
        byte[] flipped = chunk.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThatThrownBy(() -> Segments.decode(flipped))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> Segments.decode(Arrays.copyOf(chunk, chunk.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Segments.decode(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too short");
    }

    @Test
    void reads_takeTheNewerOfLogAndTable_andTheLogOnATie() {
        Recovery.init(dir, 1);
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state"));
            store.commit(0, 1, List.of(row("count", "apple", "1"), row("count", "pear", "1"), row("count", "fig", "1")));
        }
        StoreFixtures.foldAll(dir); // epoch 1 now in the table
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state"));
            SqliteBackend b = (SqliteBackend) store.backend();
            // epoch 2 in the log: apple changes, pear is deleted, fig stays as in the table
            store.commit(0, 2, List.of(row("count", "apple", "2"), row("count", "pear", null)));
            assertThat(load(store, "count", 3)).isEqualTo(Map.of("apple", "2", "fig", "1"));
            assertThat(load(store, "count", 2)).isEqualTo(Map.of("apple", "1", "pear", "1", "fig", "1"));
            assertThat(b.readNewestRow("count", bytes("pear"), 3).isTombstone()).isTrue();
            assertThat(str(b.readNewestRow("count", bytes("fig"), 3).state())).isEqualTo("1");
            assertThat(b.liveKeyCounts(3)).isEqualTo(Map.of("count", 2L));
            assertThat(b.liveKeyCounts(2)).isEqualTo(Map.of("count", 3L));
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state"));
            SqliteBackend b = (SqliteBackend) store.backend();
            // epoch 3 written twice: the later write of the same (key, epoch) wins, as INSERT OR REPLACE did
            store.commit(0, 3, List.of(row("count", "fig", "3a")));
            store.commit(0, 3, List.of(row("count", "fig", "3b")));
            assertThat(load(store, "count", 4)).isEqualTo(Map.of("apple", "2", "fig", "3b"));
            b.foldAll();
            assertThat(load(store, "count", 4)).isEqualTo(Map.of("apple", "2", "fig", "3b"));
            // a log row with the same epoch as the table's row: the log was written later and wins
            store.commit(0, 3, List.of(row("count", "fig", "3c")));
            assertThat(load(store, "count", 4)).isEqualTo(Map.of("apple", "2", "fig", "3c"));
            assertThat(str(b.readNewestRow("count", bytes("fig"), 4).state())).isEqualTo("3c");
        }
    }

    @Test
    void collection_foldsOnlyEveryFoldEpochs_andReadsStayTheSame() throws Exception {
        Recovery.init(dir, 1);
        Path file = dir.resolve("part-0000.sqlite3");
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state"));
            ((SqliteBackend) store.backend()).foldEpochs(3);
            for (int e = 1; e <= 2; e++) {
                store.commit(0, e, List.of(row("count", "a", "a" + e), row("count", "b", "b" + e)));
            }
            store.collectGarbage(3);
            assertThat(queryLong(file, "SELECT count(*) FROM snapshots")).as("2 epochs < 3: not folded").isZero();
            store.commit(0, 3, List.of(row("count", "a", "a3")));
            store.collectGarbage(4);
            assertThat(queryLong(file, "SELECT count(*) FROM epoch_log")).as("folded").isZero();
            assertThat(queryLong(file, "SELECT count(*) FROM snapshots")).as("newest of each key").isEqualTo(2);
            assertThat(load(store, "count", 4)).isEqualTo(Map.of("a", "a3", "b", "b2"));
        }
    }

    /** A store as the previous release made it: format 2, no epoch log. */
    private void version2Store(int partitions) throws Exception {
        Recovery.init(dir, partitions);
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state"));
            store.commit(0, 1, List.of(row("count", "a", "1"), row("count", "b", "1")));
        }
        StoreFixtures.foldAll(dir);
        for (int p = 0; p < partitions; p++) {
            sql(dir.resolve(StoreLayout.fileName(p)), "DROP TABLE epoch_log",
                    "UPDATE flowstate_meta SET value = '2' WHERE name = 'format_version'");
        }
    }

    @Test
    void aVersion2Store_isReadAsItIsByInspect_andUpgradedByTheNextRun() throws Exception {
        version2Store(2);
        assertThat(Recovery.inspect(dir).keysPerStep()).isEqualTo(Map.of("count", 2L));
        for (int p = 0; p < 2; p++) {
            assertThat(queryLong(dir.resolve(StoreLayout.fileName(p)), "SELECT value FROM flowstate_meta"
                    + " WHERE name = 'format_version'")).as("inspect changes nothing").isEqualTo(2);
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            long resume = store.beginExecution("df", 1, steps("count", "state")).resumeEpoch();
            assertThat(load(store, "count", resume)).isEqualTo(Map.of("a", "1", "b", "1"));
            store.commit(0, resume, List.of(row("count", "a", "2")));
            assertThat(load(store, "count", resume + 1)).isEqualTo(Map.of("a", "2", "b", "1"));
        }
        for (int p = 0; p < 2; p++) {
            Path file = dir.resolve(StoreLayout.fileName(p));
            assertThat(queryLong(file, "SELECT value FROM flowstate_meta WHERE name = 'format_version'")).isEqualTo(3);
            assertThat(queryLong(file, "SELECT count(*) FROM sqlite_master WHERE name = 'epoch_log'")).isEqualTo(1);
        }
    }

    @Test
    void anUpgradeInterruptedBetweenFiles_isFinishedByTheNextOpen() throws Exception {
        version2Store(3);
        // as if the upgrade had done the last partition only before a crash
        sql(dir.resolve(StoreLayout.fileName(2)), PartitionLog.DDL,
                "UPDATE flowstate_meta SET value = '3' WHERE name = 'format_version'");
        assertThat(Recovery.inspect(dir).keysPerStep()).isEqualTo(Map.of("count", 2L));
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            long resume = store.beginExecution("df", 1, steps("count", "state")).resumeEpoch();
            assertThat(load(store, "count", resume)).isEqualTo(Map.of("a", "1", "b", "1"));
        }
        for (int p = 0; p < 3; p++) {
            assertThat(queryLong(dir.resolve(StoreLayout.fileName(p)), "SELECT value FROM flowstate_meta"
                    + " WHERE name = 'format_version'")).isEqualTo(3);
        }
    }

    @Test
    void aDamagedChunk_isRefusedNamingTheFileAndChunk() throws Exception {
        Recovery.init(dir, 1);
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state"));
            store.commit(0, 1, List.of(row("count", "a", "1")));
        }
        Path file = dir.resolve("part-0000.sqlite3");
        sql(file, "UPDATE epoch_log SET chunk = substr(chunk, 1, length(chunk) - 1)");
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            long resume = store.beginExecution("df", 1, steps("count", "state")).resumeEpoch();
            assertThatThrownBy(() -> load(store, "count", resume))
                    .isInstanceOf(RecoveryStoreException.class)
                    .hasMessageContaining("is damaged")
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("epoch log chunk 1 (epoch 1)");
        }
    }
}
