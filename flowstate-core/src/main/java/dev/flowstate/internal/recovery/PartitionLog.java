package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.Segments;
import dev.flowstate.recovery.spi.StoredRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The epoch log of one SQLite partition: the rows of recent epochs, each epoch's rows of the partition as one or a
 * few blobs ({@link Segments}, up to about {@link #CHUNK_BYTES} each) in table {@code epoch_log}, instead of one
 * b-tree row each in {@code snapshots}.
 *
 * <h2>Why</h2>
 * A write that updates most keys touches every page of the {@code snapshots} b-tree, and the superseded rows it
 * leaves must be deleted again, page by page: about 6 µs of CPU per row, which on keyed-count (every key changes
 * every epoch) took a core away from the workers. Appending the epoch as blobs costs a fraction of a microsecond per
 * row. Every few epochs, garbage collection <em>folds</em> the log below its keep epoch into {@code snapshots}: only
 * the newest row of each key is inserted there, so a key updated in eight epochs costs one b-tree insert and one
 * delete instead of eight of each.
 *
 * <h2>Reading</h2>
 * A key's newest row is the newer of its newest log row and its newest {@code snapshots} row (the log's on a tie:
 * it was written later). Folds take every log row below their keep epoch, and later writes are at or above it, so
 * in practice the log row wins whenever there is one; the comparison keeps reads exact anyway. The decoded log is
 * cached for the chunk ids it was read from; chunks never change once written (ids are never reused), so the cache
 * is valid as long as the list of ids is the same, whichever process wrote them.
 *
 * <p>Not thread-safe on its own: every method runs under its partition's lock ({@link PartitionDb}).
 */
final class PartitionLog {
    static final String TABLE = "epoch_log";

    /** A chunk holds rows up to about this many bytes; a larger write becomes several chunks. */
    static final int CHUNK_BYTES = 4 << 20;

    /** The table; {@code AUTOINCREMENT} so that an id is never reused (the read cache relies on it). */
    static final String DDL = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (id INTEGER PRIMARY KEY AUTOINCREMENT, epoch INTEGER NOT NULL, chunk BLOB NOT NULL)";

    /** The newest log rows before {@code before}, decoded from the chunks {@code ids}. */
    private record View(long before, long[] ids, Map<StepKey, StoredRow> newest) {
    }

    private final Path file;
    private boolean tableSeen;
    private View cached;

    PartitionLog(Path file) {
        this.file = file;
    }

    /** Appends rows (any epochs) as chunks, one group per epoch. Part of the caller's transaction. */
    void append(Connection c, List<StoredRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        cached = null;
        Map<Long, List<StoredRow>> byEpoch = new LinkedHashMap<>();
        for (StoredRow r : rows) {
            byEpoch.computeIfAbsent(r.epoch(), e -> new ArrayList<>()).add(r);
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE + " (epoch, chunk) VALUES (?, ?)")) {
            for (Map.Entry<Long, List<StoredRow>> e : byEpoch.entrySet()) {
                for (List<StoredRow> chunk : Segments.split(e.getValue(), CHUNK_BYTES)) {
                    ins.setLong(1, e.getKey());
                    ins.setBytes(2, Segments.encode(chunk));
                    ins.addBatch();
                }
            }
            ins.executeBatch();
        }
    }

    /**
     * Per (step, key) with a log row below {@code before}, its newest such row (tombstones included). The map is
     * shared with later calls: do not change it.
     */
    Map<StepKey, StoredRow> newest(Connection c, long before) throws SQLException {
        if (!tableExists(c)) {
            return Map.of();
        }
        long[] ids = ids(c, before);
        View view = cached;
        if (view != null && view.before == before && Arrays.equals(view.ids, ids)) {
            return view.newest;
        }
        Map<StepKey, StoredRow> newest = new HashMap<>();
        if (ids.length > 0) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, epoch, chunk FROM " + TABLE
                    + " WHERE epoch < ? ORDER BY epoch, id")) {
                ps.setLong(1, before);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // later epochs, and later writes of one epoch, replace earlier rows of a key
                        decode(rs, r -> newest.put(new StepKey(r.stepId(), r.key()), r));
                    }
                }
            }
        }
        cached = new View(before, ids, newest);
        return newest;
    }

    /**
     * Whether folding below {@code keep} is due: the log holds at least {@code epochs} epochs below it, or more than
     * {@code bytes} bytes in all and anything below it.
     */
    boolean foldDue(Connection c, long keep, int epochs, long bytes) throws SQLException {
        if (!tableExists(c)) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT CASE WHEN epoch < ?1 THEN epoch END),"
                + " coalesce(sum(length(chunk)), 0) FROM " + TABLE)) {
            ps.setLong(1, keep);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long below = rs.getLong(1);
                return below >= epochs || (below > 0 && rs.getLong(2) > bytes);
            }
        }
    }

    /**
     * Takes every log row below {@code keep} out of the log and returns the newest of each key, for the caller to
     * insert into {@code snapshots} in the same transaction. The older log rows of a key are dropped: they are
     * superseded below {@code keep}, which is exactly what garbage collection may delete.
     */
    List<StoredRow> foldBelow(Connection c, long keep) throws SQLException {
        List<StoredRow> rows = new ArrayList<>(newest(c, keep).values());
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + TABLE + " WHERE epoch < ?")) {
            del.setLong(1, keep);
            del.executeUpdate();
        }
        cached = null;
        return rows;
    }

    /** Deletes the chunks at or after {@code fromEpoch} (see {@code RecoveryBackend#discardFrom}). */
    void discardFrom(Connection c, long fromEpoch) throws SQLException {
        cached = null;
        if (!tableExists(c)) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + TABLE + " WHERE epoch >= ?")) {
            del.setLong(1, fromEpoch);
            del.executeUpdate();
        }
    }

    /** Drops the read cache (after a failed transaction, whose changes SQLite rolled back). */
    void forgetCache() {
        cached = null;
    }

    /** How many rows the log holds (decodes every chunk; for tests and diagnostics). */
    long rowCount(Connection c) throws SQLException {
        if (!tableExists(c)) {
            return 0;
        }
        long[] count = {0};
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, epoch, chunk FROM " + TABLE)) {
            while (rs.next()) {
                decode(rs, r -> count[0]++);
            }
        }
        return count[0];
    }

    /** Decodes the chunk of the current row of {@code rs} (columns id, epoch, chunk); damage names the chunk. */
    private void decode(ResultSet rs, java.util.function.Consumer<StoredRow> rows) throws SQLException {
        try {
            Segments.decode(rs.getBytes(3)).forEach(rows);
        } catch (IllegalArgumentException e) {
            throw new RecoveryBackendException(Kind.DAMAGED, file.toString(), "epoch log chunk " + rs.getLong(1)
                    + " (epoch " + rs.getLong(2) + "): " + e.getMessage(), e);
        }
    }

    private static long[] ids(Connection c, long before) throws SQLException {
        long[] ids = new long[16];
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + TABLE + " WHERE epoch < ? ORDER BY id")) {
            ps.setLong(1, before);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, n * 2);
                    }
                    ids[n++] = rs.getLong(1);
                }
            }
        }
        return Arrays.copyOf(ids, n);
    }

    /** A store of format version 2 opened read-only has no log table: then the log is empty. */
    private boolean tableExists(Connection c) throws SQLException {
        if (!tableSeen) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                ps.setString(1, TABLE);
                try (ResultSet rs = ps.executeQuery()) {
                    tableSeen = rs.next() && rs.getInt(1) > 0;
                }
            }
        }
        return tableSeen;
    }
}
