package dev.flowstate.internal.runtime;

import dev.flowstate.internal.metrics.StepCounters;
import dev.flowstate.internal.metrics.WorkerCounters;

/**
 * The nodes {@link GraphBuilder} puts around each step when a run has observers: one in front of the step counting
 * what it receives and marking the worker as busy in it, one behind it counting what it emits. The steps themselves
 * know nothing of metrics.
 */
final class MeteredNodes {
    private MeteredNodes() {
    }

    /** In front of a step: counts items in; the worker is "in" the step while the step handles an item or control message. */
    static final class Entry implements Node {
        private final StepCounters counters;
        private final WorkerCounters worker;
        private final Node step;
        private final int stepNumber;

        Entry(StepCounters counters, WorkerCounters worker, Node step) {
            this.counters = counters;
            this.worker = worker;
            this.step = step;
            this.stepNumber = worker.stepNumber(counters.stepId());
        }

        /** The same counting in front of another node of the step (one input of a merge). */
        Entry around(Node node) {
            return new Entry(counters, worker, node);
        }

        /** The node this one counts for. */
        Node step() {
            return step;
        }

        /** The counter of items into the step. */
        dev.flowstate.internal.metrics.Counter itemsIn() {
            return counters.in;
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

    /** Behind a step: counts items out. */
    static final class Exit implements Node {
        private final StepCounters counters;
        private final Node next;

        Exit(StepCounters counters, Node next) {
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
}
