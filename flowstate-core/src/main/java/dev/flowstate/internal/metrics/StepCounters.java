package dev.flowstate.internal.metrics;

import dev.flowstate.RunView;

/** Items in and out and sampled busy time of one step on one worker; written by that worker (busy: by the sampler). */
public final class StepCounters implements RunView.Step {
    private final String stepId;
    private final String kind;
    private final int worker;
    public final Counter in = new Counter();
    public final Counter out = new Counter();
    final Counter busy = new Counter();

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

    @Override
    public long itemsIn() {
        return in.get();
    }

    @Override
    public long itemsOut() {
        return out.get();
    }

    @Override
    public long busyNanos() {
        return busy.get();
    }
}
