package dev.flowstate.internal.runtime;

import dev.flowstate.DataflowException;
import dev.flowstate.internal.plan.Plan;

/**
 * Refuses a worker count the JVM cannot hold before anything runs, and turns an {@link OutOfMemoryError} into a
 * one-line {@link DataflowException} saying what ran out and what to do. Every exchange gives each local worker a
 * send buffer and a channel per worker of the run, so their fixed memory grows with {@code local × total ×
 * exchanges}; that, not the item data, is what makes {@code -w 100000} die.
 */
final class Resources {
    /** Worker threads per process beyond which a run only adds overhead (and thread stacks). */
    static final int MAX_LOCAL_WORKERS = 1024;
    /**
     * Fixed heap per (local worker, worker, exchange): a send buffer of {@link GraphBuilder#BATCH_SIZE}
     * references, its backlog deque and a channel of {@link GraphBuilder#CHANNEL_CAPACITY} slots.
     */
    static final long BYTES_PER_PAIR = 8L * GraphBuilder.BATCH_SIZE + 8L * GraphBuilder.CHANNEL_CAPACITY + 256;

    private Resources() {
    }

    /** Throws a one-line {@link IllegalArgumentException} if {@code local} of {@code total} workers cannot fit. */
    static void checkWorkerCount(Plan plan, int local, int total, long maxHeap) {
        long exchanges = Math.max(1, plan.steps().stream().filter(GraphBuilder::needsExchange).count());
        long need = (long) local * total * exchanges * BYTES_PER_PAIR;
        long budget = maxHeap / 2; // the rest is for items in flight and state
        if (local > MAX_LOCAL_WORKERS || need > budget) {
            long fit = (long) Math.sqrt((double) budget / (exchanges * BYTES_PER_PAIR));
            long limit = Math.max(1, Math.min(MAX_LOCAL_WORKERS, fit));
            throw new IllegalArgumentException(local + " workers are too many for this JVM: their exchange buffers ("
                    + exchanges + " exchange(s), one per worker pair) would need about " + need / (1024 * 1024)
                    + " MB of the " + maxHeap / (1024 * 1024) + " MB heap; use at most " + limit + " workers (this machine has "
                    + Runtime.getRuntime().availableProcessors() + " cores; one worker per core is usually fastest)"
                    + " or give the JVM more heap (-Xmx)");
        }
    }

    /** The one-line failure for an {@link OutOfMemoryError} raised anywhere in a run. */
    static DataflowException outOfMemory(OutOfMemoryError e, int workers, String where) {
        return new DataflowException("the JVM ran out of memory (" + e.getMessage() + ")" + where
                + (workers > 0 ? " with " + workers + " workers" : "") + " and a " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB heap; give the JVM more"
                + " heap (-Xmx, e.g. JAVA_OPTS=-Xmx4g for bin/flowstate), use fewer workers, or keep less state per key", e);
    }
}
