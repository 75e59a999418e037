package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.RouteFilter;
import dev.flowstate.recovery.spi.RowConsumer;
import dev.flowstate.recovery.spi.StoredRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads of one SQLite partition: a key's newest row before an epoch is the newer of its newest {@code snapshots}
 * row and its newest {@link PartitionLog} row (the log's on a tie). Every read that answers "newest per key" goes
 * through {@link #overlay}, so the rule is written once. Each method runs on the partition's connection, under its
 * lock.
 */
final class PartitionReads {
    /**
     * Every row of one step before an epoch, of one worker's keys only, in primary-key order: a key's rows come
     * together, oldest first, and the scan keeps the last of each. Rows of a key share one route hash, so filtering
     * first keeps every row of each selected key. A plain ordered scan, because SQLite's {@code GROUP BY key} with
     * {@code max(epoch)} cost five times the scan (0.8 s vs 0.15 s for 550,000 rows); "+epoch" keeps the planner on
     * the primary key, so ORDER BY needs no sorting.
     */
    static final String LOAD_KEYED_SQL = "SELECT key, epoch, route_hash, state, checksum FROM snapshots"
            + " WHERE step_id = ? AND +epoch < ? AND route_hash % ? = ? ORDER BY key, epoch";

    private static final String NEWEST_ROW_SQL = "SELECT epoch, route_hash, state, checksum FROM snapshots"
            + " WHERE step_id = ? AND key = ? AND epoch < ? ORDER BY epoch DESC LIMIT 1";

    private static final String LIVE_COUNTS_SQL = "SELECT step_id, count(*) FROM ("
            + "SELECT step_id, state, max(epoch) FROM snapshots WHERE +epoch < ? GROUP BY step_id, key)"
            + " WHERE state IS NOT NULL GROUP BY step_id";

    /** Every key's rows before an epoch, without their states (a tombstone has a null state, others an empty one). */
    private static final String LIVE_SCAN_SQL = "SELECT step_id, key, epoch, state IS NULL FROM snapshots"
            + " WHERE +epoch < ? ORDER BY step_id, key, epoch";

    private static final byte[] NOT_NULL = new byte[0];

    /** Newest rows per key of the {@code snapshots} table, passed as found. */
    @FunctionalInterface
    private interface TableScan {
        void scan(RowConsumer newestPerKey) throws SQLException;
    }

    private PartitionReads() {
    }

    /** {@code RecoveryBackend#readNewestRows} for one partition; tombstones are passed too. */
    static void newestRows(Connection c, PartitionLog log, String stepId, long before, RouteFilter filter,
                           RowConsumer consumer) throws SQLException {
        overlay(log.newest(c, before), out -> {
            try (PreparedStatement ps = c.prepareStatement(LOAD_KEYED_SQL)) {
                ps.setString(1, stepId);
                ps.setLong(2, before);
                ps.setInt(3, filter.workerCount());
                ps.setInt(4, filter.workerIndex());
                try (ResultSet rs = ps.executeQuery()) {
                    newestPerKey(rs, out, () -> new StoredRow(stepId, rs.getBytes(1), rs.getLong(2), rs.getInt(3),
                            rs.getBytes(4), rs.getInt(5)));
                }
            }
        }, r -> r.stepId().equals(stepId) && filter.matches(r.routeHash()), consumer);
    }

    /** {@code RecoveryBackend#readNewestRow} for the key's partition. */
    static StoredRow newestRow(Connection c, PartitionLog log, String stepId, byte[] key, long before)
            throws SQLException {
        StoredRow[] found = {null};
        Map<StepKey, StoredRow> logRows = log.newest(c, before);
        StoredRow inLog = logRows.get(new StepKey(stepId, key));
        overlay(inLog == null ? Map.of() : Map.of(new StepKey(stepId, key), inLog), out -> {
            try (PreparedStatement ps = c.prepareStatement(NEWEST_ROW_SQL)) {
                ps.setString(1, stepId);
                ps.setBytes(2, key);
                ps.setLong(3, before);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        out.accept(new StoredRow(stepId, key, rs.getLong(1), rs.getInt(2), rs.getBytes(3),
                                rs.getInt(4)));
                    }
                }
            }
        }, r -> true, r -> found[0] = r);
        return found[0];
    }

    /** Adds this partition's live keys per step ({@code RecoveryBackend#liveKeyCounts}) to {@code counts}. */
    static void liveKeyCounts(Connection c, PartitionLog log, long before, Map<String, Long> counts)
            throws SQLException {
        Map<StepKey, StoredRow> logRows = log.newest(c, before);
        if (logRows.isEmpty()) {
            // the common case of a folded store: SQLite counts without passing rows out
            try (PreparedStatement ps = c.prepareStatement(LIVE_COUNTS_SQL)) {
                ps.setLong(1, before);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
                    }
                }
            }
            return;
        }
        overlay(logRows, out -> {
            try (PreparedStatement ps = c.prepareStatement(LIVE_SCAN_SQL)) {
                ps.setLong(1, before);
                try (ResultSet rs = ps.executeQuery()) {
                    newestPerKey(rs, out, () -> new StoredRow(rs.getString(1), rs.getBytes(2), rs.getLong(3), 0,
                            rs.getInt(4) != 0 ? null : NOT_NULL, 0));
                }
            }
        }, r -> true, r -> {
            if (!r.isTombstone()) {
                counts.merge(r.stepId(), 1L, Long::sum);
            }
        });
    }

    /**
     * Passes the newest row of each key: the table's where it is newer than the key's log row, else the log's.
     * {@code logSelected} says which log rows the read asks for (the table scan selects its own).
     */
    private static void overlay(Map<StepKey, StoredRow> logRows, TableScan table, Predicate<StoredRow> logSelected,
                                RowConsumer out) throws SQLException {
        if (logRows.isEmpty()) {
            table.scan(out);
            return;
        }
        Set<StepKey> tableWins = new HashSet<>();
        table.scan(t -> {
            StepKey key = new StepKey(t.stepId(), t.key());
            StoredRow l = logRows.get(key);
            if (l == null) {
                out.accept(t);
            } else if (t.epoch() > l.epoch()) {
                tableWins.add(key);
                out.accept(t);
            }
        });
        for (Map.Entry<StepKey, StoredRow> e : logRows.entrySet()) {
            if (logSelected.test(e.getValue()) && !tableWins.contains(e.getKey())) {
                out.accept(e.getValue());
            }
        }
    }

    /** A row of an ordered scan, made from the result set's current row. */
    @FunctionalInterface
    private interface RowMaker {
        StoredRow make() throws SQLException;
    }

    /** Passes the last row of each run of rows with one (step, key) of a scan ordered by (step, key, epoch). */
    private static void newestPerKey(ResultSet rs, RowConsumer out, RowMaker maker) throws SQLException {
        StoredRow newest = null;
        while (rs.next()) {
            StoredRow row = maker.make();
            if (newest != null && !(Arrays.equals(newest.key(), row.key()) && newest.stepId().equals(row.stepId()))) {
                out.accept(newest);
            }
            newest = row;
        }
        if (newest != null) {
            out.accept(newest);
        }
    }
}
