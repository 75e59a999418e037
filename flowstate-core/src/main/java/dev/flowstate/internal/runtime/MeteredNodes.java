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

    /** In front of a step: counts items in; the worker is "in" the step while the step handles an item or barrier. */
    static final class Entry implements Node {
        private final StepCounters counters;
        private final WorkerCounters worker;
        private final Node step;

        Entry(StepCounters counters, WorkerCounters worker, Node step) {
            this.counters = counters;
            this.worker = worker;
            this.step = step;
        }

        /** The counter of items into the step. */
        dev.flowstate.internal.metrics.Counter itemsIn() {
            return counters.in;
        }

        @Override
        public void push(Object item) {
            counters.in.add(1);
            String previous = worker.enter(counters.stepId());
            step.push(item);
            worker.enter(previous);
        }

        @Override
        public void barrier(long epoch, boolean eof) {
            String previous = worker.enter(counters.stepId());
            step.barrier(epoch, eof);
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
        public void barrier(long epoch, boolean eof) {
            next.barrier(epoch, eof);
        }
    }
}
