package dev.flowstate.internal.plan;

import dev.flowstate.Serde;
import dev.flowstate.StatefulLogic;
import dev.flowstate.io.Sink;
import dev.flowstate.io.Source;

import java.util.List;
import java.util.function.Predicate;

/**
 * One step of a dataflow, as plain data: its id, its kind (for errors and diagrams), what it reads and what it
 * does. The API only records these; the runtime turns them into nodes on every worker.
 */
public sealed interface StepSpec {
    String id();

    /** Operator name shown in errors and diagrams, e.g. {@code map} or {@code stateful_map}. */
    String kind();

    List<Port> inputs();

    /** Where the user created the step, for error messages (e.g. {@code WordCount.java:42}). */
    String origin();

    /** Number of output ports. */
    default int outputCount() {
        return 1;
    }

    /** The same step reading {@code ports} instead (same count and order as {@link #inputs()}). */
    StepSpec withInputs(List<Port> ports);

    /** Reads a source. */
    record Input(String id, Source<?> source, String origin) implements StepSpec {
        public StepSpec withInputs(List<Port> ports) {
            return this;
        }

        public String kind() {
            return "input";
        }

        public List<Port> inputs() {
            return List.of();
        }
    }

    /** A stateless per-item operation. */
    record Op(String id, String kind, Port input, ItemOp op, String origin) implements StepSpec {
        public StepSpec withInputs(List<Port> ports) {
            return new Op(id, kind, ports.get(0), op, origin);
        }

        public List<Port> inputs() {
            return List.of(input);
        }
    }

    /** Splits a stream in two by a predicate: port 0 receives the trues, port 1 the falses. */
    record Branch(String id, Port input, Predicate<Object> predicate, String origin) implements StepSpec {
        public StepSpec withInputs(List<Port> ports) {
            return new Branch(id, ports.get(0), predicate, origin);
        }

        public String kind() {
            return "branch";
        }

        public List<Port> inputs() {
            return List.of(input);
        }

        public int outputCount() {
            return 2;
        }
    }

    /** Interleaves several streams. */
    record Merge(String id, List<Port> inputs, String origin) implements StepSpec {
        public StepSpec withInputs(List<Port> ports) {
            return new Merge(id, List.copyOf(ports), origin);
        }

        public String kind() {
            return "merge";
        }
    }

    /** Spreads items evenly over all workers. */
    record Redistribute(String id, Port input, String origin) implements StepSpec {
        public StepSpec withInputs(List<Port> ports) {
            return new Redistribute(id, ports.get(0), origin);
        }

        public String kind() {
            return "redistribute";
        }

        public List<Port> inputs() {
            return List.of(input);
        }
    }

    /**
     * The general keyed stateful operator; every stateful API operator is built on it. Its input carries
     * {@link dev.flowstate.KeyValue} items, routed to the worker owning the key.
     */
    record Stateful(String id, String kind, Port input, StatefulLogic.Builder<Object, Object, Object> builder,
                    Serde<Object> stateSerde, String origin) implements StepSpec {
        public StepSpec withInputs(List<Port> ports) {
            return new Stateful(id, kind, ports.get(0), builder, stateSerde, origin);
        }

        public List<Port> inputs() {
            return List.of(input);
        }
    }

    /** Writes to a sink. */
    record Output(String id, Port input, Sink<?> sink, String origin) implements StepSpec {
        public StepSpec withInputs(List<Port> ports) {
            return new Output(id, ports.get(0), sink, origin);
        }

        public String kind() {
            return "output";
        }

        public List<Port> inputs() {
            return List.of(input);
        }
    }
}
