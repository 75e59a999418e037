package dev.flowstate.internal.plan;

import dev.flowstate.io.PartitionedSink;

/** How items reach a step that needs them on a particular worker: the exchange in front of it. */
public enum Exchange {
    /** Stateful steps: to the worker owning the item's key. */
    KEY("key"),
    /** {@code redistribute}: spread evenly over all workers. */
    ROUND_ROBIN("round_robin"),
    /** Partitioned sinks: to the worker owning the item's sink partition. */
    SINK_PARTITION("sink_partition");

    private final String label;

    Exchange(String label) {
        this.label = label;
    }

    /** The name used in diagrams and the plan's JSON. */
    public String label() {
        return label;
    }

    /** The exchange in front of {@code step}, or null if its items stay on the worker that produced them. */
    public static Exchange before(StepSpec step) {
        if (step instanceof StepSpec.Stateful) {
            return KEY;
        } else if (step instanceof StepSpec.Redistribute) {
            return ROUND_ROBIN;
        } else if (step instanceof StepSpec.Output o && o.sink() instanceof PartitionedSink<?, ?>) {
            return SINK_PARTITION;
        }
        return null;
    }
}
