package dev.flowstate.internal.recovery;

/**
 * Makes garbage collection incremental by epoch. After a collection up to {@code keep}, every deletable row
 * superseded below it is gone; the next collection only has to look at rows written in {@code [horizon, keep)}
 * instead of every row. A commit of an epoch below the horizon lowers it again. The horizon lives in memory: the
 * first collection of an execution starts from epoch 0.
 */
final class GcHorizon {
    /** Deletes what {@code [from, keep)} makes deletable. */
    @FunctionalInterface
    interface Collector {
        void collect(long from, long keep);
    }

    private final Object collecting = new Object();
    private final Object lock = new Object();
    private long horizon; // guarded by lock
    private long lowestCommitted = Long.MAX_VALUE; // guarded by lock: lowest epoch committed during a collection

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

    /** Collects up to {@code keep}, which the caller has already limited to the current effective frontier. */
    void collect(long keep, Collector collector) {
        synchronized (collecting) {
            long from;
            synchronized (lock) {
                from = horizon;
                lowestCommitted = Long.MAX_VALUE;
            }
            if (keep <= from) {
                return;
            }
            collector.collect(from, keep);
            synchronized (lock) {
                horizon = Math.min(keep, lowestCommitted);
            }
        }
    }
}
