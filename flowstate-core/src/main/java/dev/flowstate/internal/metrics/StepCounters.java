package dev.flowstate.internal.metrics;

import dev.flowstate.RunView;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Items in and out and sampled busy time of one step on one worker; written by that worker (busy: by the sampler).
 * Where a count equals another's — a step fused with the one it feeds emits exactly what that one receives, an
 * input receives what its partitions read — the count is read from the other counter instead of being kept twice:
 * that halves the counting on the hot path.
 */
public final class StepCounters implements RunView.Step {
    private final String stepId;
    private final String kind;
    private final int worker;
    public final Counter in = new Counter();
    public final Counter out = new Counter();
    final Counter busy = new Counter();
    private final List<Counter> inFrom = new CopyOnWriteArrayList<>();
    private final List<Counter> outFrom = new CopyOnWriteArrayList<>();

    StepCounters(String stepId, String kind, int worker) {
        this.stepId = stepId;
        this.kind = kind;
        this.worker = worker;
    }

    @Override
    public String stepId() {
        return stepId;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public int worker() {
        return worker;
    }

    /** The step also received what {@code c} counts (e.g. an input partition's reads). */
    public void addInFrom(Counter c) {
        inFrom.add(c);
    }

    /** The step also emitted what {@code c} counts (e.g. the items in of the step it feeds directly). */
    public void addOutFrom(Counter c) {
        outFrom.add(c);
    }

    @Override
    public long itemsIn() {
        return in.get() + sum(inFrom);
    }

    @Override
    public long itemsOut() {
        return out.get() + sum(outFrom);
    }

    private static long sum(List<Counter> counters) {
        long n = 0;
        for (Counter c : counters) {
            n += c.get();
        }
        return n;
    }

    @Override
    public long busyNanos() {
        return busy.get();
    }
}
