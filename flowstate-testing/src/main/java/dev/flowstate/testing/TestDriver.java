package dev.flowstate.testing;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.RunConfig;
import dev.flowstate.internal.plan.Plan;
import dev.flowstate.internal.plan.StepSpec;
import dev.flowstate.internal.runtime.Execution;
import dev.flowstate.internal.runtime.ExecutionControl;
import dev.flowstate.io.Sink;
import dev.flowstate.io.Source;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Runs a dataflow on the real engine, in this JVM, under the test's control, in the spirit of Kafka Streams'
 * {@code TopologyTestDriver}: the test sends items to the input steps ({@link #input}), reads what the output steps
 * wrote ({@link #output}), moves processing time by hand ({@link #advanceTime}; nothing sleeps), closes epochs
 * ({@link #closeEpoch}), and crashes the run and restores it from its snapshots ({@link #crashAndRestore}), possibly
 * on another number of workers, to check that the dataflow recovers exactly.
 *
 * <p>Every input and output step is replaced by the driver's own, unless the builder keeps it
 * ({@link Builder#keepInput}, {@link Builder#keepOutput}). Recovery is always on, in a fresh store in a temporary
 * directory (or {@link Builder#recoveryDirectory}). Epochs close only when the test calls {@link #closeEpoch} (or,
 * with {@link Builder#epochInterval}, when processing time passes the interval), and outputs show what was
 * committed: after {@code closeEpoch()} returns, every item sent before it has gone through the whole dataflow.
 *
 * <pre>{@code
 * try (TestDriver driver = TestDriver.builder(flow).workers(2).start()) {
 *     TestInput<String> lines = driver.input("lines");
 *     TestOutput<String> out = driver.output("out");
 *     lines.send("a b", "b");
 *     driver.closeEpoch();
 *     driver.crashAndRestore();
 *     lines.close();
 *     driver.finish();
 *     assertThat(out.all()).containsExactlyInAnyOrder("a\t1", "b\t2");
 * }
 * }</pre>
 *
 * <p>One test thread drives it; the dataflow runs on the driver's own worker threads.
 */
public final class TestDriver implements AutoCloseable {
    private final Plan plan;
    private final ManualTicker ticker;
    private final Path store;
    private final boolean ownsStore;
    private final Duration epochInterval;
    private final Duration timeout;
    private final Map<String, TestInput<?>> inputs = new LinkedHashMap<>();
    private final Map<String, TestOutput<?>> outputs = new LinkedHashMap<>();
    private int workers;
    private Run run;
    private long nextEpoch;

    private TestDriver(Builder b) {
        Plan original = Plan.of(b.flow);
        this.ticker = new ManualTicker(b.startTime);
        this.epochInterval = b.epochInterval;
        this.timeout = b.timeout;
        this.workers = b.workers;
        Map<String, Source<?>> sources = new LinkedHashMap<>();
        Map<String, Sink<?>> sinks = new LinkedHashMap<>();
        for (StepSpec s : original.steps()) {
            if (s instanceof StepSpec.Input && !b.keptInputs.contains(s.id())) {
                TestInput<Object> in = new TestInput<>(s.id(), b.partitions.getOrDefault(s.id(), 1), this::wake);
                inputs.put(s.id(), in);
                sources.put(s.id(), new DriverSource<>(in, ticker));
            } else if (s instanceof StepSpec.Output && !b.keptOutputs.contains(s.id())) {
                TestOutput<Object> out = new TestOutput<>(s.id());
                outputs.put(s.id(), out);
                sinks.put(s.id(), new DriverSink<>(out, () -> run.control.resumeEpoch()));
            }
        }
        checkNamed(b.partitions.keySet(), "input", original);
        checkNamed(b.keptInputs, "input", original);
        checkNamed(b.keptOutputs, "output", original);
        this.plan = original.withEndpoints(sources, sinks);
        try {
            this.ownsStore = b.recoveryDirectory == null;
            this.store = ownsStore ? Files.createTempDirectory("flowstate-test-driver-") : b.recoveryDirectory;
            if (ownsStore) {
                Recovery.init(store, 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test driver's recovery store", e);
        }
        startRun();
    }

    /** Starts describing a driver for {@code flow}. */
    public static Builder builder(Dataflow flow) {
        return new Builder(flow);
    }

    /** A driver for {@code flow} with defaults: one worker, every input and output replaced. */
    public static TestDriver start(Dataflow flow) {
        return builder(flow).start();
    }

    /** The driver's input in place of input step {@code stepId}. */
    @SuppressWarnings("unchecked")
    public <T> TestInput<T> input(String stepId) {
        TestInput<?> in = inputs.get(stepId);
        if (in == null) {
            throw new IllegalArgumentException("no driven input step '" + stepId + "'; driven inputs: " + inputs.keySet());
        }
        return (TestInput<T>) in;
    }

    /** The driver's output in place of output step {@code stepId}. */
    @SuppressWarnings("unchecked")
    public <T> TestOutput<T> output(String stepId) {
        TestOutput<?> out = outputs.get(stepId);
        if (out == null) {
            throw new IllegalArgumentException("no driven output step '" + stepId + "'; driven outputs: " + outputs.keySet());
        }
        return (TestOutput<T>) out;
    }

    /** The current processing time. */
    public Instant now() {
        return ticker.now();
    }

    /**
     * Moves processing time forward. First it closes the current epoch, so that everything sent so far is processed
     * at the time it was sent (the engine reads and processes items asynchronously; without this, an item sent
     * before the call might be stamped after it). Then processing-time timers (a {@code collect} timeout, a logic's
     * {@code notifyAt}) that fall due fire; what they emit is visible after the next {@link #closeEpoch()}.
     */
    public TestDriver advanceTime(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("processing time cannot go backwards: advance by " + by);
        }
        closeEpoch();
        ticker.advance(by);
        wake();
        return this;
    }

    /**
     * Closes the current epoch on every worker and waits until it is committed: everything sent before this call
     * has gone through the dataflow, its state is snapshotted, and the outputs hold what it produced.
     *
     * @return the committed epoch
     * @throws DataflowException if the run failed
     */
    public long closeEpoch() {
        Run r = current();
        long target = Math.max(nextEpoch, r.control.committedEpoch() + 1);
        r.control.closeEpochsThrough(target);
        await(() -> (r.control.committedEpoch() >= target && outputsHandedOver(target)) || !r.thread.isAlive(),
                "epoch " + target + " to commit");
        r.rethrowFailure();
        nextEpoch = Math.max(target, r.control.committedEpoch()) + 1;
        return r.control.committedEpoch();
    }

    /** The latest committed epoch of the current run. */
    public long committedEpoch() {
        return current().control.committedEpoch();
    }

    /** {@link #crashAndRestore(int)} on the same number of workers. */
    public TestDriver crashAndRestore() {
        return crashAndRestore(workers);
    }

    /**
     * Crashes the run as a killed process would (whatever was not committed is lost, outputs included) and starts a
     * new run from the store on {@code workers} workers. Inputs replay what followed the last commit.
     */
    public TestDriver crashAndRestore(int workers) {
        Run r = current();
        if (r.thread.isAlive()) {
            r.control.crash();
            join(r);
        }
        if (r.failure != null && !(r.failure.getCause() instanceof ExecutionControl.SimulatedCrash)) {
            throw r.failure;
        }
        this.workers = workers;
        startRun();
        return this;
    }

    /** Ends every driven input and waits until the dataflow finished and its last epoch is committed. */
    public void finish() {
        for (TestInput<?> in : inputs.values()) {
            in.close();
        }
        Run r = current();
        join(r);
        r.rethrowFailure();
    }

    /** Where the run's recovery store is. */
    public Path recoveryDirectory() {
        return store;
    }

    /** Stops the run if it is still going and deletes the temporary store. */
    @Override
    public void close() {
        Run r = run;
        if (r != null && r.thread.isAlive()) {
            r.control.crash();
            join(r);
        }
        if (ownsStore) {
            deleteRecursively(store);
        }
    }

    private void startRun() {
        RunConfig config = RunConfig.defaults().withWorkers(workers).withEpochInterval(epochInterval)
                .withRecovery(RecoveryConfig.of(store));
        ExecutionControl control = new ExecutionControl(ticker);
        Run r = new Run(control);
        Execution execution = new Execution(plan, config, false).controlledBy(control);
        r.thread = new Thread(() -> {
            try {
                execution.run();
            } catch (DataflowException e) {
                r.failure = e;
            } catch (RuntimeException e) {
                r.failure = new DataflowException(e.getMessage(), e);
            } finally {
                r.ended = true;
            }
        }, "flowstate-test-driver");
        r.thread.setDaemon(true);
        run = r;
        r.thread.start();
        await(() -> r.control.isStarted() || r.ended, "the run to start");
        r.rethrowFailure();
        nextEpoch = r.control.resumeEpoch();
    }

    private boolean outputsHandedOver(long epoch) {
        for (TestOutput<?> out : outputs.values()) {
            if (out.committedThrough() < epoch) {
                return false;
            }
        }
        return true;
    }

    private Run current() {
        if (run == null) {
            throw new IllegalStateException("the driver is not running");
        }
        return run;
    }

    private void wake() {
        Run r = run;
        if (r != null) {
            r.control.wake();
        }
    }

    private void join(Run r) {
        await(() -> !r.thread.isAlive(), "the run to end");
    }

    private void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("test driver: timed out after " + timeout.toSeconds()
                        + " s waiting for " + what + "; raise it with TestDriver.Builder.timeout(...)");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    private static void checkNamed(Iterable<String> ids, String kind, Plan plan) {
        for (String id : ids) {
            boolean found = plan.steps().stream().anyMatch(s -> s.id().equals(id)
                    && (kind.equals("input") ? s instanceof StepSpec.Input : s instanceof StepSpec.Output));
            if (!found) {
                throw new IllegalArgumentException("dataflow '" + plan.name() + "' has no " + kind + " step '" + id + "'");
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; nothing to do if it is already gone
        }
    }

    /** One execution of the plan: the engine's thread, its control, and how it ended. */
    private static final class Run {
        final ExecutionControl control;
        Thread thread;
        volatile DataflowException failure;
        volatile boolean ended;

        Run(ExecutionControl control) {
            this.control = control;
        }

        void rethrowFailure() {
            DataflowException f = failure;
            if (f != null && !(f.getCause() instanceof ExecutionControl.SimulatedCrash)) {
                throw f;
            }
        }
    }

    /** Describes a {@link TestDriver}; {@link #start()} builds and starts it. */
    public static final class Builder {
        private final Dataflow flow;
        private int workers = 1;
        private Instant startTime = Instant.parse("2026-01-01T00:00:00Z");
        private Duration epochInterval = Duration.ofDays(365);
        private Duration timeout = Duration.ofSeconds(60);
        private Path recoveryDirectory;
        private final Map<String, Integer> partitions = new LinkedHashMap<>();
        private final java.util.Set<String> keptInputs = new java.util.LinkedHashSet<>();
        private final java.util.Set<String> keptOutputs = new java.util.LinkedHashSet<>();

        private Builder(Dataflow flow) {
            this.flow = Objects.requireNonNull(flow, "flow");
        }

        /** Worker threads (default 1). */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, was " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** The number of partitions of a driven input (default 1). */
        public Builder partitions(String inputStepId, int count) {
            if (count < 1) {
                throw new IllegalArgumentException("input '" + inputStepId + "' needs at least 1 partition, was " + count);
            }
            partitions.put(inputStepId, count);
            return this;
        }

        /** Keeps the dataflow's own source for this input step instead of driving it. */
        public Builder keepInput(String inputStepId) {
            keptInputs.add(inputStepId);
            return this;
        }

        /** Keeps the dataflow's own sink for this output step (e.g. to check a FileSink) instead of capturing it. */
        public Builder keepOutput(String outputStepId) {
            keptOutputs.add(outputStepId);
            return this;
        }

        /** Processing time at the start (default 2026-01-01T00:00:00Z). */
        public Builder startTime(Instant startTime) {
            this.startTime = Objects.requireNonNull(startTime, "startTime");
            return this;
        }

        /** Closes epochs also when processing time passes this interval (default: only on closeEpoch()). */
        public Builder epochInterval(Duration interval) {
            this.epochInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** How long the driver waits for the dataflow (default 60 s of real time) before failing the test. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Keeps the store in this initialized directory instead of a temporary one (not deleted on close). */
        public Builder recoveryDirectory(Path directory) {
            this.recoveryDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        public TestDriver start() {
            return new TestDriver(this);
        }
    }
}
