package dev.flowstate.internal.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Waits for the threads of one execution, but not forever once the run has failed: a worker stuck in a blocking
 * call (a connector waiting on a dead server, a loop that never checks for failure) must not keep the failure from
 * being reported.
 *
 * <p>After the first failure every thread gets {@link #STOP_GRACE} to stop on its own (the other workers see the
 * failure flag at their next check, and close their connectors); a thread still running then is interrupted and,
 * after another {@link #STOP_GRACE}, given up on: it is named in a warning with the frame it is stuck in, and the
 * caller reports the failure without it. The threads are daemons, so a thread given up on never keeps the JVM
 * alive. A run that has not failed is waited for without limit (a long run is not a stuck one).
 */
final class WorkerJoin {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerJoin.class);
    /** How long a thread may take to stop after a failure, and again after it was interrupted. */
    static final long STOP_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(
            Long.getLong("flowstate.stopGraceMillis", 3_000));
    private static final long POLL_MILLIS = 20;

    private WorkerJoin() {
    }

    /**
     * Returns when every thread has ended, or when the run failed and the stragglers were interrupted and given up
     * on (they are returned, still running).
     */
    static List<Thread> join(List<Thread> threads, Shared shared) {
        List<Thread> alive = new ArrayList<>(threads);
        long failedAt = 0;
        long interruptedAt = 0;
        boolean failed = false;
        boolean interruptedUs = false;
        while (true) {
            alive.removeIf(t -> !t.isAlive());
            if (alive.isEmpty()) {
                break;
            }
            try {
                alive.get(0).join(POLL_MILLIS);
            } catch (InterruptedException e) {
                interruptedUs = true;
                shared.fail(-1, new InterruptedException("the thread running the dataflow was interrupted"));
            }
            if (shared.failure() == null) {
                continue;
            }
            long now = System.nanoTime();
            if (!failed) {
                failed = true;
                failedAt = now;
            } else if (interruptedAt == 0 && now - failedAt >= STOP_GRACE_NANOS) {
                interruptedAt = now;
                for (Thread t : alive) {
                    if (t.isAlive()) {
                        LOG.warn("thread {} did not stop within {} ms of the run's failure; interrupting it (it is in {})",
                                t.getName(), TimeUnit.NANOSECONDS.toMillis(STOP_GRACE_NANOS), where(t));
                        t.interrupt();
                    }
                }
            } else if (interruptedAt != 0 && now - interruptedAt >= STOP_GRACE_NANOS) {
                alive.removeIf(t -> !t.isAlive());
                for (Thread t : alive) {
                    LOG.error("thread {} is still stuck {} ms after it was interrupted, in {}; reporting the run's "
                                    + "failure without waiting for it (the thread is a daemon and is left behind)",
                            t.getName(), TimeUnit.NANOSECONDS.toMillis(STOP_GRACE_NANOS), where(t));
                }
                break;
            }
        }
        if (interruptedUs) {
            Thread.currentThread().interrupt();
        }
        return alive;
    }

    /** The thread's top stack frames, for the log. */
    private static String where(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(stack.length, 3); i++) {
            sb.append(i == 0 ? "" : " < ").append(stack[i]);
        }
        return sb.length() == 0 ? "(no stack)" : sb.toString();
    }
}
