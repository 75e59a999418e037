package dev.flowstate.internal.metrics;

import dev.flowstate.RunView;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * One worker's epoch, backlog and parked time, and which step it is in right now (for the busy-time sampler). The
 * worker writes; the sampler and metrics readers read. A worker of a run without observers gets one too: every
 * write is a plain store, so keeping it costs next to nothing.
 */
public final class WorkerCounters implements RunView.Worker {
    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(WorkerCounters.class, "current", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int index;
    public final Counter epoch = new Counter();
    public final Counter parkedNanos = new Counter();
    private final List<LongSupplier> backlogs = new CopyOnWriteArrayList<>();
    /** This worker's steps by id, for the sampler. */
    final Map<String, StepCounters> steps = new ConcurrentHashMap<>();
    private volatile Runnable readyListener = () -> { };
    private volatile boolean ready;
    private volatile boolean done;
    /** Step ids by number, for {@link #current}: number {@code n} is {@code stepIds.get(n - 1)}; 0 is no step. */
    private final List<String> stepIds = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> stepNumbers = new ConcurrentHashMap<>();
    /**
     * The number of the step the worker is in. A number, not the id itself: a reference store is a garbage-collector
     * write barrier, and this is written twice per item per step when metered (it cost about a quarter of keyed-count's
     * one-worker throughput).
     */
    @SuppressWarnings("unused") // accessed through CURRENT
    private int current;

    public WorkerCounters(int index) {
        this.index = index;
    }

    /** The number {@link #enter(int)} takes for {@code stepId} (0 for null: in no step). */
    public int stepNumber(String stepId) {
        if (stepId == null) {
            return 0;
        }
        Integer n = stepNumbers.get(stepId);
        if (n != null) {
            return n;
        }
        synchronized (stepIds) {
            return stepNumbers.computeIfAbsent(stepId, id -> {
                stepIds.add(id);
                return stepIds.size();
            });
        }
    }

    /**
     * Marks the worker as working in step number {@code step} ({@link #stepNumber}; 0: in none, e.g. moving
     * messages or parked) and returns the number it was in before, to restore afterwards. Only from the worker's
     * thread.
     */
    public int enter(int step) {
        int previous = (int) CURRENT.getOpaque(this);
        CURRENT.setOpaque(this, step);
        return previous;
    }

    String current() {
        int n = (int) CURRENT.getOpaque(this);
        return n == 0 ? null : stepIds.get(n - 1);
    }

    /** Adds a count of messages waiting in a backlog (one per exchange sender of this worker). */
    public void addBacklog(LongSupplier backlog) {
        backlogs.add(backlog);
    }

    public void markReady() {
        ready = true;
        readyListener.run();
    }

    void onReady(Runnable listener) {
        this.readyListener = listener;
    }

    public void markDone() {
        done = true;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public long epoch() {
        return epoch.get();
    }

    @Override
    public long backlog() {
        long sum = 0;
        for (LongSupplier b : backlogs) {
            sum += b.getAsLong();
        }
        return sum;
    }

    @Override
    public long parkedNanos() {
        return parkedNanos.get();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public boolean done() {
        return done;
    }
}
