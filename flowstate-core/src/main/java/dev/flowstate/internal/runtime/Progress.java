package dev.flowstate.internal.runtime;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Each worker's frontier: the first epoch it has not finished (with recovery on: not made durable). The committed
 * epoch, below every frontier, is complete everywhere.
 */
final class Progress {
    private final AtomicLongArray frontiers;
    private volatile long committed;

    Progress(int workers, long resumeEpoch) {
        frontiers = new AtomicLongArray(workers);
        for (int i = 0; i < workers; i++) {
            frontiers.set(i, resumeEpoch);
        }
        committed = resumeEpoch - 1;
    }

    void setFrontier(int worker, long frontier) {
        frontiers.set(worker, frontier);
        long min = Long.MAX_VALUE;
        for (int i = 0; i < frontiers.length(); i++) {
            min = Math.min(min, frontiers.get(i));
        }
        synchronized (this) {
            if (min - 1 > committed) {
                committed = min - 1;
            }
        }
    }

    long frontier(int worker) {
        return frontiers.get(worker);
    }

    /** The latest epoch every worker has finished (and, with recovery, made durable). */
    long committedEpoch() {
        return committed;
    }
}
