package dev.flowstate.internal.runtime;

import java.util.function.Predicate;

/** Sends each item to one of two downstreams by a predicate. */
final class BranchNode implements Node {
    private final String stepId;
    private final Predicate<Object> predicate;
    private final Node trues;
    private final Node falses;

    BranchNode(String stepId, Predicate<Object> predicate, Node trues, Node falses) {
        this.stepId = stepId;
        this.predicate = predicate;
        this.trues = trues;
        this.falses = falses;
    }

    @Override
    public void push(Object item) {
        boolean test;
        try {
            test = predicate.test(item);
        } catch (RuntimeException e) {
            throw StepException.wrap(stepId, e);
        }
        (test ? trues : falses).push(item);
    }

    @Override
    public void control(Message.Control control) {
        trues.control(control);
        falses.control(control);
    }
}
