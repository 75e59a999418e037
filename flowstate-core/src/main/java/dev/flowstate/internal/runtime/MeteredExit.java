package dev.flowstate.internal.runtime;

import dev.flowstate.internal.metrics.StepCounters;

/** Behind a step: counts items out. Built only through {@link MeteredNodes}, which copies this class per step. */
final class MeteredExit implements Node {
    private final StepCounters counters;
    private final Node next;

    MeteredExit(StepCounters counters, Node next) {
        this.counters = counters;
        this.next = next;
    }

    @Override
    public void push(Object item) {
        counters.out.add(1);
        next.push(item);
    }

    @Override
    public void control(Message.Control control) {
        next.control(control);
    }
}
