package dev.flowstate.internal.metrics;

import dev.flowstate.RunObserver;
import dev.flowstate.RunView;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The counters of one run in this process, and its observers. The engine registers a {@link StepCounters} per
 * (step, worker) where it builds the nodes, a {@link PartitionCounters} per input partition, and writes worker,
 * recovery and peer counters through thin hooks; observers read it as a {@link RunView}. Only exists when the run
 * has observers, so a run without them builds no counting nodes at all.
 *
 * <p>Busy time per step is sampled, not measured: timing every item would cost more than the work of a simple step
 * (two clock reads per item per step). A sampler thread looks every 2 ms at the step each worker is in
 * ({@link WorkerCounters#enter}) and adds the elapsed time to it — a sampling profiler's estimate, exact enough over
 * a scrape interval, at the cost of one reference store per item per step.
 */
public final class RunMetrics implements RunView {
    private static final long SAMPLE_NANOS = 2_000_000;

    private final String name;
    private final String planJson;
    private final int processId;
    private final int processes;
    private final int totalWorkers;
    private final long startedAtMillis = System.currentTimeMillis();
    private final long startedNanos = System.nanoTime();
    private final List<RunObserver> observers;
    private final List<StepCounters> steps = new CopyOnWriteArrayList<>();
    private final List<WorkerCounters> workers = new CopyOnWriteArrayList<>();
    private final List<PartitionCounters> partitions = new CopyOnWriteArrayList<>();
    private final RecoveryCounters recovery = new RecoveryCounters();
    private volatile LongSupplier committed = () -> 0;
    private volatile Supplier<List<? extends Peer>> peers = List::of;
    private final java.util.concurrent.atomic.AtomicInteger notReady = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean finished;
    private Thread sampler;

    public RunMetrics(String name, String planJson, int processId, int processes, int totalWorkers,
                      List<RunObserver> observers) {
        this.name = name;
        this.planJson = planJson;
        this.processId = processId;
        this.processes = processes;
        this.totalWorkers = totalWorkers;
        this.observers = List.copyOf(observers);
    }

    /** Registers a local worker's counters. */
    public void addWorker(WorkerCounters w) {
        workers.add(w);
        notReady.incrementAndGet();
        // Time to resume: until the last local worker restored its state and opened its partitions.
        w.onReady(() -> {
            if (notReady.decrementAndGet() == 0) {
                recovery.resumed(elapsedNanos());
            }
        });
    }

    /** The counters of {@code stepId} on worker {@code w}, created on first use. */
    public StepCounters step(WorkerCounters w, String stepId, String kind) {
        return w.steps.computeIfAbsent(stepId, id -> {
            StepCounters c = new StepCounters(id, kind, w.index());
            steps.add(c);
            return c;
        });
    }

    public PartitionCounters partition(String stepId, String partition, int worker, Object sourcePartition) {
        PartitionCounters c = new PartitionCounters(stepId, partition, worker, sourcePartition);
        partitions.add(c);
        return c;
    }

    public RecoveryCounters recoveryCounters() {
        return recovery;
    }

    public void setCommittedEpoch(LongSupplier committed) {
        this.committed = committed;
    }

    public void setPeers(Supplier<List<? extends Peer>> peers) {
        this.peers = peers;
    }

    /** Nanoseconds since the run started. */
    public long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }

    /** Starts the busy-time sampler and tells every observer the run started. */
    public void start() {
        sampler = new Thread(this::sample, "flowstate-metrics-sampler");
        sampler.setDaemon(true);
        sampler.start();
        for (RunObserver o : observers) {
            o.started(this);
        }
    }

    /** Stops the sampler and tells every observer the run ended; an observer's own failure is not the run's. */
    public void finish(Throwable failure) {
        finished = true;
        if (sampler != null) {
            sampler.interrupt();
        }
        for (RunObserver o : observers) {
            try {
                o.finished(this, failure);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RunMetrics.class).warn("run observer {} failed: {}", o, e.toString());
            }
        }
    }

    private void sample() {
        long last = System.nanoTime();
        while (!finished && !Thread.currentThread().isInterrupted()) {
            java.util.concurrent.locks.LockSupport.parkNanos(SAMPLE_NANOS);
            long now = System.nanoTime();
            long elapsed = now - last;
            last = now;
            for (WorkerCounters w : workers) {
                String current = w.current();
                if (current != null) {
                    StepCounters s = w.steps.get(current);
                    if (s != null) {
                        s.busy.add(elapsed); // the sampler is the busy counters' only writer
                    }
                }
            }
        }
    }

    @Override
    public String dataflowName() {
        return name;
    }

    @Override
    public String planJson() {
        return planJson;
    }

    @Override
    public int processId() {
        return processId;
    }

    @Override
    public int processes() {
        return processes;
    }

    @Override
    public int totalWorkers() {
        return totalWorkers;
    }

    @Override
    public long startedAtMillis() {
        return startedAtMillis;
    }

    @Override
    public boolean finished() {
        return finished;
    }

    @Override
    public long committedEpoch() {
        return committed.getAsLong();
    }

    @Override
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    @Override
    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    @Override
    public List<Partition> partitions() {
        return List.copyOf(partitions);
    }

    @Override
    public Recovery recovery() {
        return recovery;
    }

    @Override
    public List<Peer> peers() {
        return new ArrayList<>(peers.get());
    }
}
