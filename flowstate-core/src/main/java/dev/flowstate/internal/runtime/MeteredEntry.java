package dev.flowstate.internal.runtime;

import dev.flowstate.internal.metrics.StepCounters;
import dev.flowstate.internal.metrics.WorkerCounters;

/**
 * In front of a step: counts items in; the worker is "in" the step while the step handles an item or control
 * message. Built only through {@link MeteredNodes}, which gives each step a copy of this class of its own.
 */
final class MeteredEntry extends MeteredNodes.Entry {
    MeteredEntry(StepCounters counters, WorkerCounters worker, Node step) {
        super(counters, worker, step);
    }

    @Override
    public void push(Object item) {
        counters.in.add(1);
        int previous = worker.enter(stepNumber);
        step.push(item);
        worker.enter(previous);
    }

    @Override
    public void control(Message.Control control) {
        int previous = worker.enter(stepNumber);
        step.control(control);
        worker.enter(previous);
    }
}
