package dev.flowstate.internal.recovery;

import java.sql.PreparedStatement;
import java.util.List;

/**
 * Garbage collection of snapshot rows, incremental by epoch. Deletable before {@code keep}: a row with a newer
 * row of the same (step, key) whose epoch is below {@code keep} (so the newest row before {@code keep} stays), and
 * a tombstone below {@code keep} with nothing older left (resuming treats "no row" and "tombstone" alike).
 *
 * <p>After a collection up to {@code keep}, all such rows below it are gone; the next collection only has to look
 * at rows written in {@code [horizon, keep)} (through the epoch index) instead of scanning every row. A commit of
 * an epoch below the horizon lowers it again. The horizon lives in memory: the first collection of an instance
 * scans from epoch 0.
 */
final class Garbage {
    static final String DELETE_SUPERSEDED = "DELETE FROM snapshots WHERE (step_id, key, epoch) IN ("
            + "SELECT old.step_id, old.key, old.epoch FROM snapshots AS nw JOIN snapshots AS old"
            + " ON old.step_id = nw.step_id AND old.key = nw.key AND old.epoch < nw.epoch"
            + " WHERE nw.epoch >= ? AND nw.epoch < ?)";
    static final String DELETE_LONE_TOMBSTONES = "DELETE FROM snapshots WHERE state IS NULL"
            + " AND epoch >= ? AND epoch < ? AND NOT EXISTS (SELECT 1 FROM snapshots AS old"
            + " WHERE old.step_id = snapshots.step_id AND old.key = snapshots.key AND old.epoch < snapshots.epoch)";
    private static final String DELETE_OLD_PROGRESS = "DELETE FROM progress WHERE execution < ?";

    private final List<PartitionDb> parts;
    private final Object collecting = new Object();
    private final Object lock = new Object();
    private long horizon; // guarded by lock
    private long lowestCommitted = Long.MAX_VALUE; // guarded by lock: lowest epoch committed during a collection

    Garbage(List<PartitionDb> parts) {
        this.parts = parts;
    }

    void reset() {
        synchronized (lock) {
            horizon = 0;
        }
    }

    /** Called before rows of {@code epoch} are written. */
    void committing(long epoch) {
        synchronized (lock) {
            horizon = Math.min(horizon, epoch);
            lowestCommitted = Math.min(lowestCommitted, epoch);
        }
    }

    /**
     * Collects up to {@code keep}, which the caller has already limited to the current minimum frontier, and
     * deletes progress rows of executions before {@code latestExecution}. One transaction per partition.
     */
    void collect(long keep, long latestExecution) {
        synchronized (collecting) {
            long from;
            synchronized (lock) {
                from = horizon;
                lowestCommitted = Long.MAX_VALUE;
            }
            if (keep <= from) {
                return;
            }
            for (PartitionDb db : parts) {
                db.write(c -> {
                    try (PreparedStatement superseded = c.prepareStatement(DELETE_SUPERSEDED);
                         PreparedStatement tombstones = c.prepareStatement(DELETE_LONE_TOMBSTONES);
                         PreparedStatement progress = c.prepareStatement(DELETE_OLD_PROGRESS)) {
                        superseded.setLong(1, from);
                        superseded.setLong(2, keep);
                        superseded.executeUpdate();
                        tombstones.setLong(1, from);
                        tombstones.setLong(2, keep);
                        tombstones.executeUpdate();
                        progress.setLong(1, latestExecution);
                        progress.executeUpdate();
                    }
                    return null;
                });
            }
            synchronized (lock) {
                horizon = Math.min(keep, lowestCommitted);
            }
        }
    }
}
