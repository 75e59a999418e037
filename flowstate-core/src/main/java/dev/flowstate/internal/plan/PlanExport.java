package dev.flowstate.internal.plan;

import dev.flowstate.internal.metrics.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan as text for people and tools: a Mermaid flowchart, a Graphviz DOT graph, or JSON (for the metrics endpoint's
 * {@code /dataflow} and the live page). All three show the same nodes and the same edges, labelled with the branch
 * side and with the exchange that moves items between workers.
 */
public final class PlanExport {
    /** One edge: {@code from}'s output {@code port} feeds {@code to}. */
    record Edge(StepSpec from, int port, StepSpec to) {
        /** "trues"/"falses" for a branch, then the exchange in front of {@code to}, if any; may be empty. */
        String label() {
            List<String> parts = new ArrayList<>();
            if (from.outputCount() > 1) {
                parts.add(port == 0 ? "trues" : "falses");
            }
            Exchange x = Exchange.before(to);
            if (x != null) {
                parts.add(x.label());
            }
            return String.join(", ", parts);
        }
    }

    private final Plan plan;
    private final Map<StepSpec, String> nodeIds = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();

    public PlanExport(Plan plan) {
        this.plan = plan;
        for (StepSpec s : plan.steps()) {
            nodeIds.put(s, "s" + nodeIds.size());
        }
        for (StepSpec s : plan.steps()) {
            for (Port p : s.inputs()) {
                edges.add(new Edge(p.step(), p.index(), s));
            }
        }
    }

    public String mermaid() {
        StringBuilder sb = new StringBuilder("flowchart TD\n");
        for (StepSpec s : plan.steps()) {
            sb.append("    ").append(nodeIds.get(s)).append("[\"").append(s.id()).append(" (").append(s.kind())
                    .append(")\"]\n");
        }
        for (Edge e : edges) {
            sb.append("    ").append(nodeIds.get(e.from()));
            String label = e.label();
            sb.append(label.isEmpty() ? " -->" : " -- " + label + " -->");
            sb.append(' ').append(nodeIds.get(e.to())).append('\n');
        }
        return sb.toString();
    }

    public String dot() {
        StringBuilder sb = new StringBuilder("digraph ").append(Json.quote(plan.name())).append(" {\n")
                .append("    rankdir=TB;\n    node [shape=box, style=rounded];\n");
        for (StepSpec s : plan.steps()) {
            sb.append("    ").append(nodeIds.get(s)).append(" [label=").append(Json.quote(s.id() + "\n(" + s.kind() + ")"))
                    .append("];\n");
        }
        for (Edge e : edges) {
            sb.append("    ").append(nodeIds.get(e.from())).append(" -> ").append(nodeIds.get(e.to()));
            String label = e.label();
            if (!label.isEmpty()) {
                sb.append(" [label=").append(Json.quote(label)).append(Exchange.before(e.to()) != null ? ", style=dashed" : "")
                        .append(']');
            }
            sb.append(";\n");
        }
        return sb.append("}\n").toString();
    }

    public String json() {
        StringBuilder sb = new StringBuilder("{\"name\":").append(Json.quote(plan.name())).append(",\"steps\":[");
        String sep = "";
        for (StepSpec s : plan.steps()) {
            Exchange x = Exchange.before(s);
            sb.append(sep).append("{\"id\":").append(Json.quote(s.id())).append(",\"kind\":").append(Json.quote(s.kind()))
                    .append(",\"origin\":").append(Json.quote(s.origin()))
                    .append(",\"exchange\":").append(x == null ? "null" : Json.quote(x.label())).append('}');
            sep = ",";
        }
        sb.append("],\"edges\":[");
        sep = "";
        for (Edge e : edges) {
            Exchange x = Exchange.before(e.to());
            sb.append(sep).append("{\"from\":").append(Json.quote(e.from().id())).append(",\"to\":")
                    .append(Json.quote(e.to().id())).append(",\"port\":").append(e.port())
                    .append(",\"label\":").append(Json.quote(e.label()))
                    .append(",\"exchange\":").append(x == null ? "null" : Json.quote(x.label())).append('}');
            sep = ",";
        }
        return sb.append("]}").toString();
    }
}
