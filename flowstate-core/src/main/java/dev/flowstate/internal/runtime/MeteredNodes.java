package dev.flowstate.internal.runtime;

import dev.flowstate.internal.metrics.Counter;
import dev.flowstate.internal.metrics.StepCounters;
import dev.flowstate.internal.metrics.WorkerCounters;

import java.lang.invoke.MethodType;

/**
 * The nodes {@link GraphBuilder} puts around each step when a run has observers: a {@link MeteredEntry} in front of
 * the step counting what it receives and marking the worker as busy in it, a {@link MeteredExit} behind it counting
 * what it emits. The steps themselves know nothing of metrics.
 *
 * <p>Each step gets its own {@linkplain ClassCopies copy} of the two classes, so a wrapper's call into its step stays
 * monomorphic and the JIT inlines the step into it: one shared class would see every step's type at one call site.
 * One instance per run, shared by its workers (they share the copies).
 */
final class MeteredNodes {
    private final ClassCopies entries = new ClassCopies(MeteredEntry.class,
            MethodType.methodType(void.class, StepCounters.class, WorkerCounters.class, Node.class));
    private final ClassCopies exits = new ClassCopies(MeteredExit.class,
            MethodType.methodType(void.class, StepCounters.class, Node.class));

    /** A node in front of {@code step} counting for {@code counters}. */
    Entry entry(StepCounters counters, WorkerCounters worker, Node step) {
        return (Entry) entries.newInstance(counters.stepId() + " " + step.getClass().getName(), counters, worker, step);
    }

    /** The same counting as {@code entry}, in front of another node of its step (one input of a merge). */
    Entry around(Entry entry, Node node) {
        return entry(entry.counters, entry.worker, node);
    }

    /** A node behind a step counting what it emits into {@code next}. */
    Node exit(StepCounters counters, Node next) {
        return (Node) exits.newInstance(counters.stepId() + " " + next.getClass().getName(), counters, next);
    }

    /**
     * What every entry node holds: the step's counters, its worker, and the node it counts for. The counting itself
     * is in {@link MeteredEntry}, the class that is copied per step.
     */
    abstract static class Entry implements Node {
        final StepCounters counters;
        final WorkerCounters worker;
        final Node step;
        final int stepNumber;

        Entry(StepCounters counters, WorkerCounters worker, Node step) {
            this.counters = counters;
            this.worker = worker;
            this.step = step;
            this.stepNumber = worker.stepNumber(counters.stepId());
        }

        /** The node this one counts for. */
        final Node step() {
            return step;
        }

        /** The counter of items into the step. */
        final Counter itemsIn() {
            return counters.in;
        }
    }
}
