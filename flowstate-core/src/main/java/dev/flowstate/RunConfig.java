package dev.flowstate;

import dev.flowstate.recovery.RecoveryConfig;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run a dataflow: worker threads, epoch interval, recovery. Immutable; each {@code with...} method returns
 * a copy.
 */
public final class RunConfig {
    /** Default epoch interval: how often inputs close an epoch (and state is snapshotted when recovery is on). */
    public static final Duration DEFAULT_EPOCH_INTERVAL = Duration.ofSeconds(10);

    private final int workers;
    private final Duration epochInterval;
    private final RecoveryConfig recovery;

    private RunConfig(int workers, Duration epochInterval, RecoveryConfig recovery) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        Objects.requireNonNull(epochInterval, "epochInterval");
        if (epochInterval.isNegative() || epochInterval.isZero()) {
            throw new IllegalArgumentException("epochInterval must be positive, was " + epochInterval);
        }
        this.workers = workers;
        this.epochInterval = epochInterval;
        this.recovery = recovery;
    }

    /** One worker, a 10 s epoch interval, no recovery. */
    public static RunConfig defaults() {
        return new RunConfig(1, DEFAULT_EPOCH_INTERVAL, null);
    }

    public RunConfig withWorkers(int workers) {
        return new RunConfig(workers, epochInterval, recovery);
    }

    public RunConfig withEpochInterval(Duration epochInterval) {
        return new RunConfig(workers, epochInterval, recovery);
    }

    /** Saves state to, and resumes from, the given store; null turns recovery off. */
    public RunConfig withRecovery(RecoveryConfig recovery) {
        return new RunConfig(workers, epochInterval, recovery);
    }

    public int workers() {
        return workers;
    }

    public Duration epochInterval() {
        return epochInterval;
    }

    /** The recovery config, or null when recovery is off. */
    public RecoveryConfig recovery() {
        return recovery;
    }

    @Override
    public String toString() {
        return "RunConfig{workers=" + workers + ", epochInterval=" + epochInterval + ", recovery=" + recovery + "}";
    }
}
