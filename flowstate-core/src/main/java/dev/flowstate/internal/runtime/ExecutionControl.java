package dev.flowstate.internal.runtime;

import java.util.Objects;

/**
 * Lets a caller steer one execution from outside, as a test driver does: its processing-time {@link Ticker}, closing
 * epochs on request (in addition to the epoch interval), reading how far commits got, and crashing it the way a
 * killed process would (no further snapshot is made durable). One control serves one execution.
 */
public final class ExecutionControl {
    /** The failure a {@link #crash()} injects; the run then ends with a DataflowException caused by it. */
    public static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash requested by the test driver", null, false, false);
        }
    }

    private final Ticker ticker;
    private volatile Shared shared;
    /** Every epoch up to this one closes as soon as its worker reaches the check, whatever the epoch interval. */
    private volatile long closeThrough;

    public ExecutionControl(Ticker ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    public Ticker ticker() {
        return ticker;
    }

    void bind(Shared shared) {
        this.shared = shared;
    }

    /** Whether the workers are about to start (the recovery store was opened and the resume epoch is known). */
    public boolean isStarted() {
        return shared != null;
    }

    /** The epoch the run resumed at (1 for a fresh store). Valid once started. */
    public long resumeEpoch() {
        return started().resumeEpoch();
    }

    /** The latest epoch every worker finished and made durable; {@code resumeEpoch() - 1} before the first. */
    public long committedEpoch() {
        return started().progress().committedEpoch();
    }

    /** Asks every worker to close every epoch up to {@code epoch} without waiting for the epoch interval. */
    public void closeEpochsThrough(long epoch) {
        if (epoch > closeThrough) {
            closeThrough = epoch;
        }
        started().wakeAll();
    }

    /** Wakes every worker, e.g. because the ticker moved. */
    public void wake() {
        Shared s = shared;
        if (s != null) {
            s.wakeAll();
        }
    }

    /** Stops the run at once, as a crash would: nothing after the last commit is kept. */
    public void crash() {
        started().fail(-1, new SimulatedCrash());
    }

    /** Whether the worker now in {@code epoch} must close it on request. */
    boolean closeRequested(long epoch) {
        return epoch <= closeThrough;
    }

    private Shared started() {
        Shared s = shared;
        if (s == null) {
            throw new IllegalStateException("the execution has not started yet");
        }
        return s;
    }
}
