package dev.flowstate.cli;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Runs the {@code flowstate} command in-process with a given environment, capturing its output. */
final class Cli {
    /** The runs the recording runner saw (when not running for real). */
    final List<RunConfig> configs = new ArrayList<>();
    final List<Dataflow> flows = new ArrayList<>();
    private final Map<String, String> env;
    private final boolean realRun;

    private Cli(Map<String, String> env, boolean realRun) {
        this.env = env;
        this.realRun = realRun;
    }

    /** Records what would be run instead of running it; needs no engine. */
    static Cli recording(Map<String, String> env) {
        return new Cli(env, false);
    }

    static Cli recording() {
        return recording(Map.of());
    }

    /** Runs dataflows with {@link Flowstate#run}. */
    static Cli real() {
        return new Cli(Map.of(), true);
    }

    Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        BiConsumer<Dataflow, RunConfig> runner = realRun ? Flowstate::run : (flow, config) -> {
            flows.add(flow);
            configs.add(config);
        };
        CommandLine cmd = Main.commandLine(env, runner);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    RunConfig onlyConfig() {
        if (configs.size() != 1) {
            throw new AssertionError("expected one run, saw " + configs.size());
        }
        return configs.get(0);
    }

    record Result(int exitCode, String out, String err) {
        /** The stderr lines. */
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
        }
    }
}
