package dev.flowstate.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** The options naming a dataflow, shared by {@code run} and {@code visualize}: {@code CLASS[:METHOD] [-cp PATH] [-- ARGS...]}. */
final class FlowOptions {
    @Parameters(index = "0", paramLabel = "CLASS[:METHOD]",
            description = "Class with a public static method (default 'flow') that returns a Dataflow and takes no "
                    + "arguments or a String[] (receiving ARGS).")
    String target;

    @Parameters(index = "1..*", paramLabel = "ARGS",
            description = "Arguments for the method; put them after '--' when they start with '-'.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-cp", "--classpath"}, paramLabel = "PATH",
            description = "Jars and class directories to load CLASS from, separated by '${sys:path.separator}' "
                    + "('dir/*' = every jar in dir); searched before the built-in classpath (which holds the examples). "
                    + "Env: FLOWSTATE_CLASSPATH.")
    String classpath;

    FlowReference reference() {
        return FlowReference.parse(target);
    }
}
