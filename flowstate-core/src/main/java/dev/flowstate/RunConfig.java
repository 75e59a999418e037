package dev.flowstate;

import dev.flowstate.recovery.RecoveryConfig;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to run a dataflow: worker threads, epoch interval, recovery, metrics and observers. Immutable; each
 * {@code with...} method returns a copy.
 */
public final class RunConfig {
    /** Default epoch interval: how often inputs close an epoch (and state is snapshotted when recovery is on). */
    public static final Duration DEFAULT_EPOCH_INTERVAL = Duration.ofSeconds(10);

    private final int workers;
    private final Duration epochInterval;
    private final RecoveryConfig recovery;
    private final InetSocketAddress metrics;
    private final List<RunObserver> observers;

    private RunConfig(int workers, Duration epochInterval, RecoveryConfig recovery) {
        this(workers, epochInterval, recovery, null, List.of());
    }

    private RunConfig(int workers, Duration epochInterval, RecoveryConfig recovery, InetSocketAddress metrics,
                      List<RunObserver> observers) {
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
        this.metrics = metrics;
        this.observers = List.copyOf(observers);
    }

    /** One worker, a 10 s epoch interval, no recovery. */
    public static RunConfig defaults() {
        return new RunConfig(1, DEFAULT_EPOCH_INTERVAL, null);
    }

    public RunConfig withWorkers(int workers) {
        return new RunConfig(workers, epochInterval, recovery, metrics, observers);
    }

    public RunConfig withEpochInterval(Duration epochInterval) {
        return new RunConfig(workers, epochInterval, recovery, metrics, observers);
    }

    /** Saves state to, and resumes from, the given store; null turns recovery off. */
    public RunConfig withRecovery(RecoveryConfig recovery) {
        return new RunConfig(workers, epochInterval, recovery, metrics, observers);
    }

    /**
     * Serves Prometheus metrics ({@code /metrics}), the plan as JSON ({@code /dataflow}) and a live page ({@code /})
     * over HTTP on {@code port} of every interface while the run goes on (0: any free port, logged at start);
     * see docs/observability.md. Needs the {@code dev.flowstate:flowstate-metrics} module on the classpath.
     */
    public RunConfig withMetricsPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be 0-65535, was " + port);
        }
        return withMetrics(new InetSocketAddress(port));
    }

    /** Like {@link #withMetricsPort} on one address; null turns metrics off (the default). */
    public RunConfig withMetrics(InetSocketAddress address) {
        return new RunConfig(workers, epochInterval, recovery, address, observers);
    }

    /** Adds an observer, told when the run starts (with a live {@link RunView}) and ends. */
    public RunConfig withObserver(RunObserver observer) {
        List<RunObserver> more = new ArrayList<>(observers);
        more.add(Objects.requireNonNull(observer, "observer"));
        return new RunConfig(workers, epochInterval, recovery, metrics, more);
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

    /** Where metrics are served, or null when metrics are off. */
    public InetSocketAddress metrics() {
        return metrics;
    }

    /** The observers added with {@link #withObserver}, in order. */
    public List<RunObserver> observers() {
        return observers;
    }

    @Override
    public String toString() {
        return "RunConfig{workers=" + workers + ", epochInterval=" + epochInterval + ", recovery=" + recovery
                + (metrics == null ? "" : ", metrics=" + metrics) + "}";
    }
}
