package dev.flowstate.internal.runtime;

import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** What the workers of one execution share: the failure flag, progress, and the snapshot writer. */
final class Shared {
    /** A failure and the worker it happened on. */
    record Failure(int worker, Throwable cause) {
    }

    /** Thrown in a worker to unwind after another worker failed. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped because another worker failed", null, false, false);
        }
    }

    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private final long resumeEpoch;
    private final long epochIntervalNanos;
    private final Progress progress;
    private final SnapshotWriter writer;
    private volatile Parker[] parkers = new Parker[0];
    private volatile Runnable failureHook;
    private final ExecutionControl control;

    Shared(int workers, long resumeEpoch, long epochIntervalNanos, SnapshotWriter writer, ExecutionControl control) {
        this.control = control;
        this.resumeEpoch = resumeEpoch;
        this.epochIntervalNanos = epochIntervalNanos;
        this.progress = new Progress(workers, resumeEpoch);
        this.writer = writer;
    }

    /** Runs once, on the thread that records the first failure (a cluster tells its peers). */
    void setFailureHook(Runnable hook) {
        this.failureHook = hook;
    }

    void setParkers(Parker[] parkers) {
        this.parkers = parkers;
    }

    long resumeEpoch() {
        return resumeEpoch;
    }

    long epochIntervalNanos() {
        return epochIntervalNanos;
    }

    /** The processing-time source: the system clock unless a test driver controls the run. */
    Ticker ticker() {
        return control == null ? Ticker.SYSTEM : control.ticker();
    }

    /** Whether a controller asked for {@code epoch} to close before its interval ran out. */
    boolean closeRequested(long epoch) {
        return control != null && control.closeRequested(epoch);
    }

    Progress progress() {
        return progress;
    }

    /** Records the first failure and wakes every worker so all stop promptly. */
    void fail(int worker, Throwable cause) {
        if (cause instanceof Stopped) {
            return;
        }
        if (failure.compareAndSet(null, new Failure(worker, cause))) {
            for (Parker p : parkers) {
                p.unpark();
            }
            if (writer != null) {
                writer.stop();
            }
            Runnable hook = failureHook;
            if (hook != null) {
                hook.run();
            }
        }
    }

    Failure failure() {
        return failure.get();
    }

    void checkFailed() {
        if (failure.get() != null) {
            throw new Stopped();
        }
    }

    void submitSnapshot(int worker, long epoch, List<SnapshotRow> rows, boolean finished) {
        writer.submit(worker, epoch, rows, finished);
    }

    /** Wakes every worker, e.g. because the committed epoch advanced. */
    void wakeAll() {
        for (Parker p : parkers) {
            p.unpark();
        }
    }

    /** Whether a snapshot this worker handed on is not yet durable (see {@code Worker.epochDue}). */
    boolean snapshotInFlight(int worker) {
        return writer != null && writer.pending(worker) > 0;
    }

    /** False while the worker has too many snapshots not yet durable: it then waits instead of running ahead. */
    boolean mayStartEpoch(int worker) {
        return writer == null || writer.pending(worker) < 2;
    }
}
