package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.StoredRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Garbage collection of one SQLite partition, without an index on epoch.
 *
 * <p>Collection needs the keys that may have garbage. An index on {@code epoch} would find them, but maintaining it
 * cost as much as the insert it follows and made collection twice as slow (12.3 µs of CPU per row written and
 * collected, against 5.8 without it). Instead this instance remembers the keys it wrote: a key's new row is what
 * makes its older rows garbage, so the keys written since the last collection are the only candidates. Keys written
 * by another instance (another process of a cluster, or an earlier run) are collected by a full pass: the first
 * collection of an execution (from epoch 0), and any collection after this instance remembered more than
 * {@link #TRACKED_KEY_LIMIT} keys and forgot them. Collecting less than allowed is always correct
 * ({@code RecoveryBackend#deleteSuperseded}).
 *
 * <p>Thread-safe; its callers also hold the partition's lock ({@link #wrote} and {@link #collect} run inside
 * {@link PartitionDb#write}).
 */
final class PartitionGarbage {
    /**
     * Garbage of one key below an epoch: every row older than the key's newest row below it (rule a) and that
     * newest row too if it is a tombstone, which then has no older row left (rule b). The key's rows are adjacent in
     * the primary key, so this is one seek and a short range.
     */
    static final String DELETE_KEY_GARBAGE = "DELETE FROM snapshots WHERE step_id = ?1 AND key = ?2 AND epoch < ?3"
            + " AND (state IS NULL OR epoch < (SELECT max(epoch) FROM snapshots WHERE step_id = ?1 AND key = ?2"
            + " AND epoch < ?3))";

    /**
     * The full pass: every key with more than one row below an epoch, or a tombstone below it (a superset of the
     * keys {@link #DELETE_KEY_GARBAGE} deletes from), in primary-key order. "+epoch" keeps the planner on the
     * primary key, which a store made before this version may also have an epoch index beside.
     */
    static final String KEYS_WITH_GARBAGE = "SELECT step_id, key FROM snapshots WHERE +epoch < ?"
            + " GROUP BY step_id, key HAVING count(*) > 1 OR max(state IS NULL)";

    /** Above this many remembered keys, forget them and collect with a full pass (bounds the memory). */
    static final int TRACKED_KEY_LIMIT = 1 << 20;

    private static final Comparator<StepKey> KEY_ORDER =
            (a, b) -> PrimaryKeyOrder.compareKeys(a.stepId(), a.key(), b.stepId(), b.key());

    /** The keys of one write, and the epochs its rows had. */
    private record Written(long minEpoch, long maxEpoch, String[] stepIds, byte[][] keys) {
    }

    private final ArrayDeque<Written> written = new ArrayDeque<>();
    private long trackedKeys;
    private boolean forgotten;

    /** Remembers the keys of rows just written to this partition. */
    synchronized void wrote(List<StoredRow> rows) {
        if (forgotten || rows.isEmpty()) {
            return;
        }
        if (trackedKeys + rows.size() > TRACKED_KEY_LIMIT) {
            forget();
            return;
        }
        String[] stepIds = new String[rows.size()];
        byte[][] keys = new byte[rows.size()][];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < keys.length; i++) {
            StoredRow r = rows.get(i);
            stepIds[i] = r.stepId();
            keys[i] = r.key();
            min = Math.min(min, r.epoch());
            max = Math.max(max, r.epoch());
        }
        written.add(new Written(min, max, stepIds, keys));
        trackedKeys += keys.length;
    }

    /**
     * Deletes the garbage below {@code keepEpoch}: of every key when {@code everyKey} (or when keys were forgotten),
     * else of the keys this instance wrote with a row below {@code keepEpoch}.
     */
    synchronized void collect(Connection c, boolean everyKey, long keepEpoch) throws SQLException {
        List<StepKey> candidates;
        if (everyKey || forgotten) {
            candidates = keysWithGarbage(c, keepEpoch);
            // Everything written below keepEpoch is covered; a write at or above it is still needed later.
            dropBelow(keepEpoch);
            forgotten = false;
        } else {
            candidates = writtenBelow(keepEpoch);
        }
        try (PreparedStatement garbage = c.prepareStatement(DELETE_KEY_GARBAGE)) {
            for (StepKey k : candidates) {
                garbage.setString(1, k.stepId());
                garbage.setBytes(2, k.key());
                garbage.setLong(3, keepEpoch);
                garbage.addBatch();
            }
            garbage.executeBatch();
        }
    }

    private static List<StepKey> keysWithGarbage(Connection c, long keepEpoch) throws SQLException {
        List<StepKey> found = new ArrayList<>();
        try (PreparedStatement keys = c.prepareStatement(KEYS_WITH_GARBAGE)) {
            keys.setLong(1, keepEpoch);
            // Read them all first: deleting from the table while a cursor walks it is not safe.
            try (ResultSet rs = keys.executeQuery()) {
                while (rs.next()) {
                    found.add(new StepKey(rs.getString(1), rs.getBytes(2)));
                }
            }
        }
        return found;
    }

    /** The keys written with a row below {@code keepEpoch}, each once, in primary-key order. */
    private List<StepKey> writtenBelow(long keepEpoch) {
        Set<StepKey> keys = new HashSet<>();
        for (Written w : written) {
            if (w.minEpoch < keepEpoch) {
                for (int i = 0; i < w.keys.length; i++) {
                    keys.add(new StepKey(w.stepIds[i], w.keys[i]));
                }
            }
        }
        dropBelow(keepEpoch);
        List<StepKey> sorted = new ArrayList<>(keys);
        // In primary-key order, the deletes walk the b-tree left to right instead of jumping around in it.
        sorted.sort(KEY_ORDER);
        return sorted;
    }

    /** Forgets writes whose rows are all below {@code keepEpoch}: collected now, they make no garbage later. */
    private void dropBelow(long keepEpoch) {
        for (Iterator<Written> it = written.iterator(); it.hasNext(); ) {
            Written w = it.next();
            if (w.maxEpoch < keepEpoch) {
                trackedKeys -= w.keys.length;
                it.remove();
            }
        }
    }

    /** Forgets every remembered key, so the next collection is a full pass (after a collection failed). */
    synchronized void forget() {
        written.clear();
        trackedKeys = 0;
        forgotten = true;
    }
}
