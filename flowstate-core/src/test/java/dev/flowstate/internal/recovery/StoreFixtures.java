package dev.flowstate.internal.recovery;

import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.internal.recovery.RecoveryStore.StepInfo;
import dev.flowstate.internal.serde.StableHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers shared by the recovery store tests. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    /** Row count of the snapshots table over all partitions of an SQLite store. */
    static long rowCount(ProtocolStore store) {
        return ((SqliteBackend) store.backend()).snapshotRowCount();
    }

    /**
     * Makes an SQLite store fold its epoch log at every collection, as stores did before the log: for tests that
     * count the rows garbage collection leaves.
     */
    static ProtocolStore foldingAtEveryCollection(ProtocolStore store) {
        ((SqliteBackend) store.backend()).foldEpochs(1);
        return store;
    }

    /** Moves every row of a closed SQLite store's epoch logs into its snapshots table, for tests that edit rows. */
    static void foldAll(Path dir) {
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            ((SqliteBackend) store.backend()).foldAll();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static int routeHash(String key) {
        return StableHash.positive(StableHash.ofString(key));
    }

    /** A keyed-state row; {@code state} null is a tombstone. */
    static SnapshotRow row(String step, String key, String state) {
        return new SnapshotRow(step, bytes(key), routeHash(key), state == null ? null : bytes(state));
    }

    static SnapshotRow partitionRow(String step, String partition, String state) {
        return new SnapshotRow(step, bytes(partition), 0, state == null ? null : bytes(state));
    }

    static List<StepInfo> steps(String... idKindPairs) {
        StepInfo[] out = new StepInfo[idKindPairs.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = new StepInfo(idKindPairs[2 * i], idKindPairs[2 * i + 1]);
        }
        return List.of(out);
    }

    /** All states of a step a worker would load, as key to state strings. */
    static Map<String, String> load(RecoveryStore store, String step, long before, int workers, int worker) {
        Map<String, String> out = new HashMap<>();
        store.loadKeyedStates(step, before, workers, worker, (k, v) -> {
            String previous = out.put(str(k), str(v));
            if (previous != null) {
                throw new AssertionError("key loaded twice: " + str(k));
            }
        });
        return out;
    }

    static Map<String, String> load(RecoveryStore store, String step, long before) {
        return load(store, step, before, 1, 0);
    }

    /** The single number a query on a partition file returns. */
    static long queryLong(Path file, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs SQL on a partition file with plain JDBC, as a user or another tool would. */
    static void sql(Path file, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }
}
