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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code flowstate recovery init|inspect}: makes and reads recovery stores (a directory of SQLite files, or a
 * {@code kafka://} / {@code s3://} store whose backend module is on the classpath).
 */
@Command(name = "recovery", usageHelpAutoWidth = true,
        description = "Create or inspect a recovery store: a directory (SQLite partition files), "
                + "kafka://HOST:PORT[,HOST:PORT]/PREFIX or s3://BUCKET/PREFIX.")
final class RecoveryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: use 'recovery init' or 'recovery inspect'");
    }

    @Command(name = "init", usageHelpAutoWidth = true,
            description = "Create a recovery store with N partitions. The partition count is fixed for the store's "
                    + "life; more partitions spread snapshot writes over more files (or topic partitions). If an "
                    + "earlier init was interrupted, this completes it.",
            footer = {"", "Examples:", "  flowstate recovery init state/ --partitions 4",
                    "  flowstate recovery init s3://my-bucket/jobs/wordcount --partitions 4 --store-option region=eu-west-1"})
    int init(@Parameters(paramLabel = "STORE", description = "Directory to create (must be empty or absent), or a "
                     + "kafka:// or s3:// store URI.") String store,
             @Option(names = "--partitions", paramLabel = "N", required = true,
                     description = "Number of partitions (at least 1). Env: FLOWSTATE_PARTITIONS.") int partitions,
             @Option(names = "--store-option", paramLabel = "NAME=VALUE",
                     description = "A store option (repeatable), e.g. endpoint=http://127.0.0.1:9000.")
             Map<String, String> options) {
        if (partitions < 1) {
            throw CliException.usage("--partitions must be at least 1, was " + partitions);
        }
        try {
            Recovery.init(store, options(options), partitions);
        } catch (IllegalStateException e) {
            throw CliException.failure(e.getMessage(), e);
        }
        spec.commandLine().getOut().println("initialized recovery store " + store + " with " + partitions + " partitions");
        return 0;
    }

    @Command(name = "inspect", usageHelpAutoWidth = true,
            description = "Print what a recovery store holds: its dataflow, executions, resume epoch, keys per "
                    + "step, and the epochs whose output a sink lost (accepted with 'run --accept-lost-output'). "
                    + "Changes nothing and takes no lock, so it also works while a run uses the store.",
            footer = {"", "Example:", "  flowstate recovery inspect state/ -cp my-job.jar"})
    int inspect(@Parameters(paramLabel = "STORE", description = "A store made by 'flowstate recovery init'.") String store,
                @Option(names = "--store-option", paramLabel = "NAME=VALUE",
                        description = "A store option (repeatable).") Map<String, String> options,
                @Option(names = {"-cp", "--classpath"}, paramLabel = "PATH",
                        description = "The dataflow's class path, to read its sinks' saved states (lost output). "
                                + "Env: FLOWSTATE_CLASSPATH.")
                String classpath) {
        if (!store.contains("://") && !Files.isDirectory(Path.of(store))) {
            throw CliException.usage("recovery store '" + store + "' does not exist; create one with "
                    + "'flowstate recovery init " + store + " --partitions N'");
        }
        try (FlowLoader loader = FlowLoader.open(classpath)) {
            spec.commandLine().getOut().print(Recovery.inspect(store, options(options)).format());
            List<String> lost = Recovery.lostOutput(store, options(options));
            spec.commandLine().getOut().println("lost output:");
            spec.commandLine().getOut().println(lost.isEmpty() ? "  (none)" : "  " + String.join("\n  ", lost));
        } catch (IllegalStateException e) {
            throw CliException.failure(e.getMessage(), e);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static Map<String, String> options(Map<String, String> given) {
        return given == null ? Map.of() : new LinkedHashMap<>(given);
    }
}
