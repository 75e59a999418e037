package dev.flowstate.cli;

import dev.flowstate.recovery.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code flowstate recovery init|inspect}: makes and reads recovery directories. */
@Command(name = "recovery", usageHelpAutoWidth = true,
        description = "Create or inspect a recovery directory (the SQLite partition files a run saves its state in).")
final class RecoveryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: use 'recovery init' or 'recovery inspect'");
    }

    @Command(name = "init", usageHelpAutoWidth = true,
            description = "Create a recovery directory with N partition files. The partition count is fixed for the "
                    + "store's life; more partitions spread snapshot writes over more files.",
            footer = {"", "Example:", "  flowstate recovery init state/ --partitions 4"})
    int init(@Parameters(paramLabel = "DIR", description = "Directory to create (must be empty or absent).") Path dir,
             @Option(names = "--partitions", paramLabel = "N", required = true,
                     description = "Number of partition files (at least 1). Env: FLOWSTATE_PARTITIONS.") int partitions) {
        if (partitions < 1) {
            throw CliException.usage("--partitions must be at least 1, was " + partitions);
        }
        Recovery.init(dir, partitions);
        spec.commandLine().getOut().println("initialized recovery directory " + dir + " with " + partitions + " partitions");
        return 0;
    }

    @Command(name = "inspect", usageHelpAutoWidth = true,
            description = "Print what a recovery directory holds: executions, resume epoch, keys per step, and the "
                    + "epochs whose output a sink lost (accepted with 'run --accept-lost-output'). Changes nothing.",
            footer = {"", "Example:", "  flowstate recovery inspect state/ -cp my-job.jar"})
    int inspect(@Parameters(paramLabel = "DIR", description = "A directory made by 'flowstate recovery init'.") Path dir,
                @Option(names = {"-cp", "--classpath"}, paramLabel = "PATH",
                        description = "The dataflow's class path, to read its sinks' saved states (lost output). "
                                + "Env: FLOWSTATE_CLASSPATH.")
                String classpath) {
        if (!Files.isDirectory(dir)) {
            throw CliException.usage("recovery directory '" + dir + "' does not exist; create one with "
                    + "'flowstate recovery init " + dir + " --partitions N'");
        }
        spec.commandLine().getOut().print(Recovery.inspect(dir).format());
        try (FlowLoader loader = FlowLoader.open(classpath)) {
            List<String> lost = Recovery.lostOutput(dir);
            spec.commandLine().getOut().println("lost output:");
            spec.commandLine().getOut().println(lost.isEmpty() ? "  (none)" : "  " + String.join("\n  ", lost));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
