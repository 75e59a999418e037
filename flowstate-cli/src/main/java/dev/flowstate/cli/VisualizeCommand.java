package dev.flowstate.cli;

import dev.flowstate.Dataflow;
import dev.flowstate.internal.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code flowstate visualize}: prints a dataflow's steps as a Mermaid flowchart, a Graphviz DOT graph or JSON, without
 * running it.
 */
@Command(name = "visualize", sortOptions = false, usageHelpAutoWidth = true,
        description = "Build a dataflow by calling CLASS's static METHOD and print it as a Mermaid flowchart "
                + "(default), a Graphviz DOT graph or JSON.",
        footer = {"", "Example:",
                "  flowstate visualize dev.flowstate.examples.WordCount -- \\",
                "      --input in.txt --output out.tsv",
                "  flowstate visualize --format dot dev.flowstate.examples.WordCount | dot -Tsvg > flow.svg"})
final class VisualizeCommand implements Callable<Integer> {
    @Mixin
    FlowOptions flow;

    /** The output formats. */
    enum Format { mermaid, dot, json }

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "mermaid",
            description = "mermaid (default), dot (Graphviz) or json (as served on /dataflow). Env: FLOWSTATE_FORMAT.")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (FlowLoader loader = FlowLoader.open(flow.classpath)) {
            Dataflow dataflow = loader.build(flow.reference(), flow.args);
            Plan plan = Plan.of(dataflow);
            String text = switch (format) {
                case mermaid -> plan.toMermaid();
                case dot -> plan.toDot();
                case json -> plan.toJson() + "\n";
            };
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
