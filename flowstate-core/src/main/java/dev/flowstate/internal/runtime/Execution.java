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
    private final ClusterLink link;
    /** Workers of this process. */
    private final int local;
    /** Workers of the whole run: processes × workers per process. */
    private final int total;
    private final int firstWorker;
    private ExecutionControl control;

    public Execution(Plan plan, RunConfig config, boolean onCallerThread) {
        this(plan, config, onCallerThread, null);
    }

    /**
     * One process of a cluster when {@code link} is not null: runs {@code config.workers()} workers with global
     * indexes {@code processId * W ...}, of {@code processes * W} in all.
     */
    public Execution(Plan plan, RunConfig config, boolean onCallerThread, ClusterLink link) {
        this.plan = plan;
        this.config = config;
        this.onCallerThread = onCallerThread;
        this.link = link;
        this.local = config.workers();
        this.total = link == null ? local : local * link.processes();
        this.firstWorker = link == null ? 0 : link.processId() * local;
    }

    /** Lets {@code control} steer this execution (a test driver); call before {@link #run()}. */
    public Execution controlledBy(ExecutionControl control) {
        this.control = control;
        return this;
    }

    public void run() {
        try {
            runInner();
        } catch (RuntimeException | Error e) {
            if (link != null) {
                link.abort(String.valueOf(e.getMessage()));
                link.close();
            }
            throw e;
        }
        if (link != null) {
            link.close();
        }
    }

    private void runInner() {
        int n = total;
        RecoveryStore store = null;
        try {
            long resumeEpoch = 1;
            SnapshotWriter writer = null;
            boolean leader = link == null || link.processId() == 0;
            if (config.recovery() != null) {
                store = openStore(leader);
                if (leader) {
                    // Refuse before the store records anything: a refused run must leave the store as it was.
                    checkManualInputRescale(store.latestWorkerCount());
                    RecoveryStore.ExecutionStart start = beginExecution(store);
                    resumeEpoch = start.resumeEpoch();
                    if (link != null) {
                        link.sendStart(start.execution(), resumeEpoch);
                    }
                } else {
                    long[] start = link.awaitStart();
                    try {
                        resumeEpoch = store.attachExecution(start[0]).resumeEpoch();
                    } catch (RuntimeException e) {
                        throw new DataflowException(e.getMessage(), e);
                    }
                }
                warnAboutUnrecoverableInputs();
                long backupEpochs = ceilDiv(config.recovery().backupInterval().toNanos(), config.epochInterval().toNanos());
                writer = new SnapshotWriter(store, n, backupEpochs);
            } else if (link != null) {
                if (leader) {
                    link.sendStart(0, 1);
                } else {
                    resumeEpoch = link.awaitStart()[1];
                }
            }
            runWorkers(n, resumeEpoch, store, writer);
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    private void runWorkers(int n, long resumeEpoch, RecoveryStore store, SnapshotWriter writer) {
        Shared shared = new Shared(n, resumeEpoch, config.epochInterval().toNanos(), writer, control);
        Worker[] workers = new Worker[local];
        Parker[] parkers = new Parker[n];
        Parker[] localParkers = new Parker[local];
        for (int i = 0; i < local; i++) {
            workers[i] = new Worker(firstWorker + i, n, shared, writer != null);
            parkers[firstWorker + i] = workers[i].parker;
            localParkers[i] = workers[i].parker;
        }
        shared.setParkers(localParkers);
        if (control != null) {
            control.bind(shared);
        }
        if (link != null) {
            shared.progress().setListener(link::publishFrontier);
            shared.setFailureHook(() -> link.abort(describe(shared.failure())));
            link.bind(new ClusterLink.Listener() {
                @Override
                public void remoteFrontier(int worker, long frontier, boolean finished) {
                    shared.progress().applyRemote(worker, frontier, finished);
                    shared.wakeAll();
                }

                @Override
                public void remoteFailure(String message) {
                    shared.fail(-1, new DataflowException(message, null));
                }
            });
        }
        GraphBuilder graph = new GraphBuilder(plan, n, parkers, new PartitionOpener(n, store, resumeEpoch), store,
                resumeEpoch, link);
        for (Worker w : workers) {
            w.opener = () -> graph.build(w);
        }
        Thread writerThread = null;
        if (writer != null) {
            writer.bind(shared, localParkers);
            writerThread = new Thread(writer, "flowstate-snapshot-writer");
            writerThread.setDaemon(true);
            writerThread.start();
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = onCallerThread ? 1 : 0; i < local; i++) {
            Thread t = new Thread(workers[i], "flowstate-worker-" + (firstWorker + i));
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        if (onCallerThread) {
            workers[0].run();
        }
        WorkerJoin.join(threads, shared);
        if (writerThread != null) {
            writer.finish();
            WorkerJoin.join(List.of(writerThread), shared);
        }
        Shared.Failure failure = shared.failure();
        if (failure != null) {
            throw toException(failure);
        }
    }

    private static String describe(Shared.Failure failure) {
        return failure == null ? "failed" : toException(failure).getMessage();
    }

    private static DataflowException toException(Shared.Failure failure) {
        Throwable cause = failure.cause();
        if (cause instanceof DataflowException de) {
            return de;
        }
        if (cause instanceof StepException se) {
            return new DataflowException(se.stepId(), failure.worker(), se.getMessage(), se.getCause());
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

    private RecoveryStore openStore(boolean leader) {
        try {
            return RecoveryStores.open(config.recovery(), leader);
        } catch (RuntimeException e) {
            throw new DataflowException(e.getMessage(), e);
        }
    }

    private RecoveryStore.ExecutionStart beginExecution(RecoveryStore store) {
        try {
            return store.beginExecution(plan.name(), total, stepInfos());
        } catch (RuntimeException e) {
            throw new DataflowException(e.getMessage(), e);
        }
    }

    private void checkManualInputRescale(int previous) {
        if (previous <= 0 || previous == total) {
            return;
        }
        for (StepSpec s : plan.steps()) {
            if (s instanceof StepSpec.Input in && in.source() instanceof ManualInput<?>) {
                throw new DataflowException(s.id(), -1, "the recovery store was written by " + previous
                        + " workers, but this run has " + total + "; a ManualInput splits its data by worker"
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
