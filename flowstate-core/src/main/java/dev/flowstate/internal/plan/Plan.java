package dev.flowstate.internal.plan;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowDefinitionException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import dev.flowstate.io.Sink;
import dev.flowstate.io.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The validated step graph of a {@link Dataflow}: steps in the order they were added (which is a topological
 * order, since a step can only read streams that already exist), plus who consumes each port.
 */
public final class Plan {
    private static volatile Function<Dataflow, Plan> access;

    private final String name;
    private final List<StepSpec> steps;
    private final Map<StepSpec, List<List<StepSpec>>> consumers = new LinkedHashMap<>();

    public Plan(String name, List<StepSpec> steps) {
        this.name = name;
        this.steps = steps;
        for (StepSpec s : steps) {
            List<List<StepSpec>> ports = new ArrayList<>();
            for (int i = 0; i < s.outputCount(); i++) {
                ports.add(new ArrayList<>());
            }
            consumers.put(s, ports);
        }
        for (StepSpec s : steps) {
            for (Port p : s.inputs()) {
                consumers.get(p.step()).get(p.index()).add(s);
            }
        }
    }

    /** Called once by {@link Dataflow}'s static initializer: lets the runtime read a dataflow's steps. */
    public static void registerAccess(Function<Dataflow, Plan> planOf) {
        access = planOf;
    }

    /** The validated plan of a dataflow. */
    public static Plan of(Dataflow flow) {
        if (access == null) {
            // Dataflow's static initializer registers the accessor; touching the class runs it.
            flow.name();
        }
        Plan plan = access.apply(flow);
        plan.validate();
        return plan;
    }

    private void validate() {
        if (steps.stream().noneMatch(s -> s instanceof StepSpec.Input)) {
            throw new DataflowDefinitionException("dataflow '" + name + "' has no input; add one with Dataflow.input(...)");
        }
        if (steps.stream().noneMatch(s -> s instanceof StepSpec.Output)) {
            throw new DataflowDefinitionException("dataflow '" + name
                    + "' has no output, so running it would compute nothing; add one with Stream.output(...)");
        }
        for (StepSpec s : steps) {
            if (isDangling(s)) {
                throw new DataflowDefinitionException("step '" + s.id() + "' (" + s.kind()
                        + (s.origin().isEmpty() ? "" : " at " + s.origin()) + ") is dangling: nothing reads its output,"
                        + " so its work would be lost; send it to an output or remove it");
            }
        }
    }

    /** A step whose results nobody reads. Inspections exist for their side effect; a branch may leave a side unused. */
    private boolean isDangling(StepSpec s) {
        if (s instanceof StepSpec.Output || s instanceof StepSpec.Branch) {
            return false;
        }
        if (s instanceof StepSpec.Op op && op.kind().startsWith("inspect")) {
            return false;
        }
        return consumers.get(s).stream().allMatch(List::isEmpty);
    }

    /**
     * This plan with the sources and sinks of the named input and output steps replaced (a test driver feeds and
     * reads a dataflow this way). Ids, kinds, edges and so the fingerprint and saved state stay the same.
     *
     * @throws IllegalArgumentException naming a step id that is not an input (or output) of this plan
     */
    public Plan withEndpoints(Map<String, ? extends Source<?>> sources, Map<String, ? extends Sink<?>> sinks) {
        Map<StepSpec, StepSpec> renewed = new HashMap<>();
        List<StepSpec> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (StepSpec s : steps) {
            List<Port> ports = new ArrayList<>();
            for (Port p : s.inputs()) {
                ports.add(new Port(renewed.getOrDefault(p.step(), p.step()), p.index()));
            }
            StepSpec copy;
            if (s instanceof StepSpec.Input in && sources.containsKey(in.id())) {
                copy = new StepSpec.Input(in.id(), sources.get(in.id()), in.origin());
                used.add(in.id());
            } else if (s instanceof StepSpec.Output o && sinks.containsKey(o.id())) {
                copy = new StepSpec.Output(o.id(), ports.get(0), sinks.get(o.id()), o.origin());
                used.add(o.id());
            } else if (ports.equals(s.inputs())) {
                copy = s;
            } else {
                copy = s.withInputs(ports);
            }
            renewed.put(s, copy);
            out.add(copy);
        }
        for (String id : concat(sources.keySet(), sinks.keySet())) {
            if (!used.contains(id)) {
                throw new IllegalArgumentException("dataflow '" + name + "' has no " + (sources.containsKey(id)
                        ? "input" : "output") + " step '" + id + "'");
            }
        }
        return new Plan(name, List.copyOf(out));
    }

    private static List<String> concat(Set<String> a, Set<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public String name() {
        return name;
    }

    public List<StepSpec> steps() {
        return steps;
    }

    /** The steps reading output {@code port} of {@code step}. */
    public List<StepSpec> consumers(StepSpec step, int port) {
        return consumers.get(step).get(port);
    }

    /**
     * A digest of the step graph's shape (ids, kinds, edges), identical for the same dataflow code in any JVM; two
     * processes of one cluster must agree on it.
     */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder(name).append('\n');
        for (StepSpec s : steps) {
            sb.append(s.kind()).append(' ').append(s.id());
            for (Port p : s.inputs()) {
                sb.append(' ').append(p.step().id()).append(':').append(p.index());
            }
            sb.append('\n');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dataflow as a Mermaid flowchart. */
    public String toMermaid() {
        StringBuilder sb = new StringBuilder("flowchart TD\n");
        Map<StepSpec, String> ids = new LinkedHashMap<>();
        for (StepSpec s : steps) {
            String node = "s" + ids.size();
            ids.put(s, node);
            sb.append("    ").append(node).append("[\"").append(s.id()).append(" (").append(s.kind()).append(")\"]\n");
        }
        for (StepSpec s : steps) {
            for (Port p : s.inputs()) {
                sb.append("    ").append(ids.get(p.step()));
                if (p.step().outputCount() > 1) {
                    sb.append(" -- ").append(p.index() == 0 ? "trues" : "falses").append(" -->");
                } else {
                    sb.append(" -->");
                }
                sb.append(' ').append(ids.get(s)).append('\n');
            }
        }
        return sb.toString();
    }
}
