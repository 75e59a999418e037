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
            CURRENT = MethodHandles.lookup().findVarHandle(WorkerCounters.class, "current", String.class);
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
    @SuppressWarnings("unused") // accessed through CURRENT
    private String current;

    public WorkerCounters(int index) {
        this.index = index;
    }

    /**
     * Marks the worker as working in {@code stepId} (null: in none, e.g. moving messages or parked) and returns the
     * step it was in before, to restore afterwards. Only from the worker's thread.
     */
    public String enter(String stepId) {
        String previous = (String) CURRENT.getOpaque(this);
        CURRENT.setOpaque(this, stepId);
        return previous;
    }

    String current() {
        return (String) CURRENT.getOpaque(this);
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
