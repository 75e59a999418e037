package dev.flowstate.internal.plan;

/**
 * A stateless per-item operation: given one item, emit zero or more items. All stateless operators of the API
 * (map, filter, flatMap, inspect, keyOn, ...) are instances of this one shape, so the runtime has a single node
 * type for them.
 */
@FunctionalInterface
public interface ItemOp {
    void apply(Object item, StepContext context, Out out);

    /** Downstream of an {@link ItemOp}. */
    @FunctionalInterface
    interface Out {
        void push(Object item);
    }
}
