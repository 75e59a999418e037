package dev.flowstate.cli;

import dev.flowstate.Dataflow;
import dev.flowstate.internal.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code flowstate visualize}: prints a dataflow's steps as a Mermaid flowchart, without running it. */
@Command(name = "visualize", sortOptions = false, usageHelpAutoWidth = true,
        description = "Build a dataflow by calling CLASS's static METHOD and print it as a Mermaid flowchart.",
        footer = {"", "Example:",
                "  flowstate visualize dev.flowstate.examples.WordCount -- \\",
                "      --input in.txt --output out.tsv"})
final class VisualizeCommand implements Callable<Integer> {
    @Mixin
    FlowOptions flow;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (FlowLoader loader = FlowLoader.open(flow.classpath)) {
            Dataflow dataflow = loader.build(flow.reference(), flow.args);
            spec.commandLine().getOut().print(Plan.of(dataflow).toMermaid());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
