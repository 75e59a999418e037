package dev.flowstate.faults;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.recovery.RecoveryConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The child-JVM entry point of the fault tests: builds one of the {@link FaultJobs} dataflows and runs it with
 * recovery on, so that a test can kill it at any moment and start it again.
 *
 * <pre>
 * java -cp CP dev.flowstate.faults.FaultJob --job keyed-count|count-final|window-count|eof-count --input FILE --output FILE
 *      --recovery DIR|URI --workers W --epoch 50ms [--at-least-once-output FILE] [--pace ITEMS_PER_S]
 *      [--key-type string|list|uuid]   (eof-count's key type)
 *      [--addresses HOST:PORT;HOST:PORT --process-id I]   (one process of a cluster)
 * </pre>
 *
 * <p>Exits 0 when the dataflow reached the end of its input, 1 (with the error on standard error) when it failed,
 * 2 on bad arguments. The recovery directory must already be initialized ({@code Recovery.init}).
 */
public final class FaultJob {
    private static final String USAGE = "FaultJob --job keyed-count|count-final|window-count|eof-count --input FILE "
            + "--output FILE --recovery DIR|URI --workers W --epoch DURATION [--at-least-once-output FILE] [--pace ITEMS_PER_S]"
            + " [--key-type string|list|uuid]";
    /** Items per second per worker the tests run their jobs at: a crash-free run takes a few seconds. */
    public static final long TEST_PACE = 500_000;
    private static final Set<String> NAMES = Set.of("--job", "--input", "--output", "--recovery", "--workers",
            "--epoch", "--at-least-once-output", "--pace", "--addresses", "--process-id", "--key-type");

    private FaultJob() {
    }

    public static void main(String[] args) {
        Map<String, String> a;
        Dataflow flow;
        RunConfig config;
        try {
            a = parse(args);
            Path input = Path.of(required(a, "--input"));
            Path output = Path.of(required(a, "--output"));
            String atLeastOnce = a.get("--at-least-once-output");
            long pace = Long.parseLong(a.getOrDefault("--pace", "0"));
            flow = switch (required(a, "--job")) {
                case "keyed-count" -> FaultJobs.keyedCount(input, output, atLeastOnce == null ? null : Path.of(atLeastOnce), pace);
                case "count-final" -> FaultJobs.countFinal(input, output, pace);
                case "window-count" -> FaultJobs.windowCount(input, output, pace);
                case "eof-count" -> FaultJobs.eofCount(input, output, a.getOrDefault("--key-type", "string"), pace);
                default -> throw new IllegalArgumentException("unknown --job '" + a.get("--job") + "'; usage: " + USAGE);
            };
            config = runConfig(Integer.parseInt(required(a, "--workers")), parseDuration(required(a, "--epoch")),
                    required(a, "--recovery"));
        } catch (RuntimeException e) {
            System.err.println("bad arguments: " + e.getMessage());
            System.exit(2);
            return;
        }
        String addresses = a.get("--addresses");
        if (addresses != null) {
            List<String> list = List.of(addresses.split(";"));
            int processId = Integer.parseInt(a.getOrDefault("--process-id", "0"));
            Dataflow f = flow;
            RunConfig c = config;
            System.exit(runAndReport(flow, config, () -> Flowstate.clusterMain(f, list, processId, c)));
        }
        System.exit(runAndReport(flow, config));
    }

    /**
     * The run config every fault job uses: W workers, the epoch interval, recovery with a zero backup interval in
     * {@code store} (a directory, or a {@code kafka://} / {@code s3://} URI with its options as query parameters).
     */
    static RunConfig runConfig(int workers, Duration epoch, String store) {
        return RunConfig.defaults().withWorkers(workers).withEpochInterval(epoch)
                .withRecovery(new RecoveryConfig(store, Duration.ZERO));
    }

    /** Runs the flow; prints {@code done in N ms} and returns 0, or prints the failure and returns 1. */
    static int runAndReport(Dataflow flow, RunConfig config) {
        return runAndReport(flow, config, () -> Flowstate.run(flow, config));
    }

    /** Runs {@code body} (a cluster process) and reports like {@link #runAndReport(Dataflow, RunConfig)}. */
    static int runAndReport(Dataflow flow, RunConfig config, Runnable body) {
        long start = System.nanoTime();
        try {
            body.run();
        } catch (Throwable t) {
            System.err.println("dataflow '" + flow.name() + "' failed: " + t);
            t.printStackTrace();
            System.err.flush();
            return 1;
        }
        System.out.println("done in " + (System.nanoTime() - start) / 1_000_000 + " ms (" + config + ")");
        System.out.flush();
        return 0;
    }

    /** Parses {@code 50ms}, {@code 2s}, {@code 1m} or an ISO-8601 duration ({@code PT0.05S}). */
    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        } else if (t.endsWith("s") && !t.startsWith("pt")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        } else if (t.endsWith("m") && !t.startsWith("pt")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.parse(s.trim().toUpperCase(java.util.Locale.ROOT));
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!NAMES.contains(args[i])) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'; usage: " + USAGE);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value; usage: " + USAGE);
            }
            values.put(args[i], args[++i]);
        }
        return values;
    }

    static String required(Map<String, String> args, String name) {
        String v = args.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name + "; usage: " + USAGE);
        }
        return v;
    }

    /** The argument list for a child running {@code job}; handy for building {@link CrashHarness} commands. */
    public static List<String> command(String job, Path input, Path output, Path recovery, int workers, String epoch,
                                       Path atLeastOnceOutput) {
        return command(job, input, output, recovery.toString(), workers, epoch, atLeastOnceOutput);
    }

    /** As above with the store named by a directory or a store URI. */
    public static List<String> command(String job, Path input, Path output, String recovery, int workers, String epoch,
                                       Path atLeastOnceOutput) {
        List<String> cmd = new java.util.ArrayList<>(List.of(FaultJob.class.getName(), "--job", job,
                "--input", input.toString(), "--output", output.toString(), "--recovery", recovery,
                "--workers", Integer.toString(workers), "--epoch", epoch, "--pace", Long.toString(TEST_PACE)));
        if (atLeastOnceOutput != null) {
            cmd.add("--at-least-once-output");
            cmd.add(atLeastOnceOutput.toString());
        }
        return cmd;
    }
}
