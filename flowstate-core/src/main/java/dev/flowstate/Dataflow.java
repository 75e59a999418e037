package dev.flowstate;

import dev.flowstate.internal.plan.LocalFiles;
import dev.flowstate.internal.plan.Plan;
import dev.flowstate.internal.plan.Port;
import dev.flowstate.internal.plan.StepSpec;
import dev.flowstate.io.Source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dataflow under construction: the inputs, operators and outputs a run executes. Build it fluently from
 * {@link #input}; every step needs an id unique within the dataflow, because step ids are the names under which
 * state is saved and resumed. Building only records the steps; nothing runs until the dataflow is passed to
 * {@link Flowstate}. Not thread-safe while being built; immutable in effect once running.
 *
 * <pre>{@code
 * Dataflow flow = new Dataflow("word_count");
 * flow.input("lines", new FileSource(path))
 *     .flatMap("split", line -> List.of(line.split("\\W+")))
 *     .keyOn("key", word -> word)
 *     .countFinal("count")
 *     .output("out", new StdOutSink<>());
 * }</pre>
 */
public final class Dataflow {
    private final String name;
    private final Map<String, StepSpec> steps = new LinkedHashMap<>();

    static {
        Plan.registerAccess(flow -> new Plan(flow.name, List.copyOf(flow.steps.values())));
    }

    /** @param name the dataflow's name, used in logs and as part of its fingerprint */
    public Dataflow(String name) {
        this.name = checkId(name, "dataflow name");
    }

    public String name() {
        return name;
    }

    /** Adds an input reading {@code source}; see {@link dev.flowstate.io} for the connectors. */
    public <T> Stream<T> input(String stepId, Source<T> source) {
        Objects.requireNonNull(source, "source");
        return new Stream<>(this, add(new StepSpec.Input(checkId(stepId, "step id"), source, Origin.caller())));
    }

    /** Interleaves the items of several streams into one; order between the inputs is not defined. */
    @SafeVarargs
    public final <T> Stream<T> merge(String stepId, Stream<? extends T>... streams) {
        return merge(stepId, Arrays.asList(streams));
    }

    /** Interleaves the items of several streams into one; order between the inputs is not defined. */
    public <T> Stream<T> merge(String stepId, List<? extends Stream<? extends T>> streams) {
        if (streams.isEmpty()) {
            throw new DataflowDefinitionException("merge '" + stepId + "' needs at least one stream");
        }
        List<Port> ports = new ArrayList<>();
        for (Stream<? extends T> s : streams) {
            ports.add(own(s));
        }
        return new Stream<>(this, add(new StepSpec.Merge(checkId(stepId, "step id"), ports, Origin.caller())));
    }

    Port own(Stream<?> stream) {
        if (stream.flow != this) {
            throw new DataflowDefinitionException("stream of step '" + stream.port.step().id() + "' belongs to dataflow '"
                    + stream.flow.name + "', not to '" + name + "'; build each dataflow from its own inputs");
        }
        return stream.port;
    }

    StepSpec add(StepSpec step) {
        StepSpec existing = steps.get(step.id());
        if (existing != null) {
            throw new DataflowDefinitionException("duplicate step id '" + step.id() + "': used by " + describe(existing)
                    + " and by " + describe(step) + "; step ids name saved state, so each step needs its own");
        }
        LocalFiles.checkNoSinkReadsItself(step, steps.values());
        steps.put(step.id(), step);
        return step;
    }

    private static String describe(StepSpec step) {
        return step.kind() + (step.origin().isEmpty() ? "" : " at " + step.origin());
    }

    static String checkId(String id, String what) {
        if (id == null || id.isBlank()) {
            throw new DataflowDefinitionException(what + " must not be empty");
        }
        if (id.contains("/") || !id.strip().equals(id)) {
            throw new DataflowDefinitionException(what + " '" + id + "' must not contain '/' or surrounding spaces");
        }
        return id;
    }

    @Override
    public String toString() {
        return "Dataflow(" + name + ", " + steps.size() + " steps)";
    }
}
