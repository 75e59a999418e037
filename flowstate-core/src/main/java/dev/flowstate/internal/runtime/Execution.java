package dev.flowstate.internal.runtime;

import dev.flowstate.DataflowException;
import dev.flowstate.RunConfig;
import dev.flowstate.internal.plan.Plan;
import dev.flowstate.internal.plan.StepSpec;
import dev.flowstate.internal.recovery.RecoveryStore;
import dev.flowstate.io.DynamicSource;
import dev.flowstate.io.ManualInput;
import dev.flowstate.io.PartitionedSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of a plan on N workers of this process: starts the recovery execution (if recovery is on), builds the
 * workers, runs them to the end of input or the first failure, and reports the failure with step, worker and cause.
 */
public final class Execution {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);

    private final Plan plan;
    private final RunConfig config;
    private final boolean onCallerThread;

    public Execution(Plan plan, RunConfig config, boolean onCallerThread) {
        this.plan = plan;
        this.config = config;
        this.onCallerThread = onCallerThread;
    }

    public void run() {
        int n = config.workers();
        RecoveryStore store = null;
        try {
            long resumeEpoch = 1;
            SnapshotWriter writer = null;
            if (config.recovery() != null) {
                store = openStore();
                // Refuse before the store records anything: a refused run must leave the store as it was.
                checkManualInputRescale(store.latestWorkerCount());
                RecoveryStore.ExecutionStart start = beginExecution(store);
                resumeEpoch = start.resumeEpoch();
                warnAboutUnrecoverableInputs();
                long backupEpochs = ceilDiv(config.recovery().backupInterval().toNanos(), config.epochInterval().toNanos());
                writer = new SnapshotWriter(store, n, backupEpochs);
            }
            runWorkers(n, resumeEpoch, store, writer);
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    private void runWorkers(int n, long resumeEpoch, RecoveryStore store, SnapshotWriter writer) {
        Shared shared = new Shared(n, resumeEpoch, config.epochInterval().toNanos(), writer);
        Worker[] workers = new Worker[n];
        Parker[] parkers = new Parker[n];
        for (int i = 0; i < n; i++) {
            workers[i] = new Worker(i, n, shared, writer != null);
            parkers[i] = workers[i].parker;
        }
        shared.setParkers(parkers);
        GraphBuilder graph = new GraphBuilder(plan, n, parkers, new PartitionOpener(n, store, resumeEpoch), store, resumeEpoch);
        for (Worker w : workers) {
            w.opener = () -> graph.build(w);
        }
        Thread writerThread = null;
        if (writer != null) {
            writer.bind(shared, parkers);
            writerThread = new Thread(writer, "flowstate-snapshot-writer");
            writerThread.setDaemon(true);
            writerThread.start();
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = onCallerThread ? 1 : 0; i < n; i++) {
            Thread t = new Thread(workers[i], "flowstate-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        if (onCallerThread) {
            workers[0].run();
        }
        for (Thread t : threads) {
            joinUninterruptibly(t, shared);
        }
        if (writerThread != null) {
            writer.finish();
            joinUninterruptibly(writerThread, shared);
        }
        Shared.Failure failure = shared.failure();
        if (failure != null) {
            throw toException(failure);
        }
    }

    private static void joinUninterruptibly(Thread t, Shared shared) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                shared.fail(-1, new InterruptedException("the thread running the dataflow was interrupted"));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static DataflowException toException(Shared.Failure failure) {
        Throwable cause = failure.cause();
        if (cause instanceof DataflowException de) {
            return de;
        }
        if (cause instanceof StepException se) {
            Throwable root = se.getCause() != null ? se.getCause() : se;
            String message = se.getCause() != null ? se.getMessage() : se.getMessage();
            return new DataflowException(se.stepId(), failure.worker(), message, se.getCause() != null ? root : null);
        }
        return new DataflowException(null, failure.worker(), "failed", cause);
    }

    private List<RecoveryStore.StepInfo> stepInfos() {
        List<RecoveryStore.StepInfo> infos = new ArrayList<>();
        for (StepSpec s : plan.steps()) {
            if (s instanceof StepSpec.Stateful) {
                infos.add(new RecoveryStore.StepInfo(s.id(), "state"));
            } else if (s instanceof StepSpec.Input in && !(in.source() instanceof DynamicSource<?>)) {
                infos.add(new RecoveryStore.StepInfo(s.id(), "source"));
            } else if (s instanceof StepSpec.Output out && out.sink() instanceof PartitionedSink<?, ?>) {
                infos.add(new RecoveryStore.StepInfo(s.id(), "sink"));
            }
        }
        return infos;
    }

    private RecoveryStore openStore() {
        try {
            return RecoveryStores.open(config.recovery());
        } catch (RuntimeException e) {
            throw new DataflowException("cannot use recovery directory " + config.recovery().directory() + ": "
                    + e.getMessage(), e);
        }
    }

    private RecoveryStore.ExecutionStart beginExecution(RecoveryStore store) {
        try {
            return store.beginExecution(config.workers(), stepInfos());
        } catch (RuntimeException e) {
            throw new DataflowException("recovery directory " + config.recovery().directory() + " refused dataflow '"
                    + plan.name() + "': " + e.getMessage(), e);
        }
    }

    private void checkManualInputRescale(int previous) {
        if (previous <= 0 || previous == config.workers()) {
            return;
        }
        for (StepSpec s : plan.steps()) {
            if (s instanceof StepSpec.Input in && in.source() instanceof ManualInput<?>) {
                throw new DataflowException(s.id(), -1, "the recovery store was written by " + previous
                        + " workers, but this run has " + config.workers() + "; a ManualInput splits its data by worker"
                        + " count, so it can only resume with " + previous + " workers", null);
            }
        }
    }

    private void warnAboutUnrecoverableInputs() {
        for (StepSpec s : plan.steps()) {
            if (s instanceof StepSpec.Input in && in.source() instanceof DynamicSource<?>) {
                LOG.warn("input '{}' reads a DynamicSource, which cannot replay: after a crash, state and the other "
                        + "inputs resume exactly, but items this input delivered after the last snapshot are lost", s.id());
            }
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
