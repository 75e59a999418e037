package dev.flowstate.cli;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;

/** The {@code flowstate} command: a thin shell over the library's public API. See {@code docs/cli.md}. */
@Command(name = "flowstate", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        scope = ScopeType.INHERIT, usageHelpAutoWidth = true,
        description = "Build, run and inspect Flowstate dataflows.",
        subcommands = {RunCommand.class, VisualizeCommand.class, RecoveryCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Every option also reads its default from FLOWSTATE_<OPTION>, e.g. FLOWSTATE_WORKERS=4.",
                "Exit codes: 0 done, 1 the dataflow failed, 2 bad usage."})
public final class Main implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors. Env: FLOWSTATE_VERBOSE=1.")
    boolean verbose;

    @Option(names = "--log-level", scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "Log level of Flowstate and libraries on stderr: trace, debug, info (default), warn, error, "
                    + "off. Env: FLOWSTATE_LOG_LEVEL.")
    String logLevel;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: use run, visualize or recovery");
    }

    public static void main(String[] args) {
        try {
            Logging.configure(args, System.getenv());
        } catch (CliException e) {
            System.err.println("flowstate: error: " + e.getMessage());
            System.exit(2);
        }
        System.exit(commandLine(System.getenv(), Flowstate::run).execute(args));
    }

    /**
     * The configured command line.
     *
     * @param env    where option defaults come from ({@code FLOWSTATE_*})
     * @param runner runs the built dataflow for {@code run}: {@code Flowstate::run}, or a recorder in tests
     */
    static CommandLine commandLine(Map<String, String> env, BiConsumer<Dataflow, RunConfig> runner) {
        EnvironmentDefaults defaults = new EnvironmentDefaults(env);
        ErrorReporter errors = new ErrorReporter(defaults.verbose());
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RunCommand.class ? cls.cast(new RunCommand(runner)) : CommandLine.defaultFactory().create(cls);
            }
        };
        return new CommandLine(new Main(), factory)
                .setDefaultValueProvider(defaults)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
    }

    /** Reads the version Maven wrote into {@code version.properties}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[]{"flowstate " + p.getProperty("version", "(unknown version)")};
        }
    }
}
