package dev.flowstate.internal.runtime;

import dev.flowstate.internal.recovery.Frontiers;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Each worker's frontier: the first epoch it has not finished (with recovery on: not made durable). The committed
 * epoch is complete everywhere: below the frontier of every worker still running; a worker that reached the end of
 * all its input has completed every later epoch too. The rule is {@link Frontiers#effective}, the same as the recovery store's resume epoch.
 */
final class Progress {
    private final AtomicLongArray frontiers;
    private final boolean[] finished;
    private volatile long committed;

    Progress(int workers, long resumeEpoch) {
        frontiers = new AtomicLongArray(workers);
        finished = new boolean[workers];
        for (int i = 0; i < workers; i++) {
            frontiers.set(i, resumeEpoch);
        }
        committed = resumeEpoch - 1;
    }

    /** Told about every frontier a local worker reaches (a cluster sends it to the other processes). */
    interface Listener {
        void frontier(int worker, long frontier, boolean finished);
    }

    private volatile Listener listener;

    void setListener(Listener listener) {
        this.listener = listener;
    }

    void setFrontier(int worker, long frontier, boolean workerFinished) {
        apply(worker, frontier, workerFinished);
        Listener l = listener;
        if (l != null) {
            l.frontier(worker, frontier, workerFinished);
        }
    }

    /** A frontier of a worker of another process. */
    void applyRemote(int worker, long frontier, boolean workerFinished) {
        apply(worker, frontier, workerFinished);
    }

    private synchronized void apply(int worker, long frontier, boolean workerFinished) {
        frontiers.set(worker, Math.max(frontiers.get(worker), frontier));
        finished[worker] |= workerFinished;
        long[] now = new long[frontiers.length()];
        for (int i = 0; i < now.length; i++) {
            now[i] = frontiers.get(i);
        }
        long effective = Frontiers.effective(now, finished);
        if (effective - 1 > committed) {
            committed = effective - 1;
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
