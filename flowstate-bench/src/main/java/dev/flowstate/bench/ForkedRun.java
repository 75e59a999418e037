package dev.flowstate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code --fork}: every timed run in a JVM of its own, as JMH forks. In one JVM the engines share their compiled
 * code, so one engine's call-site profiles (a metered step, a recovery writer) shape the code another engine runs;
 * a fresh JVM per run measures each the way a user runs it, one dataflow per process.
 *
 * <p>The child is this same program with the parent's options and {@code --child=WORKLOAD:ENGINE}: it generates the
 * same events, runs the engine's warm-ups and one timed run, and ends with a {@code CHILD} line the parent parses.
 * Its other output is echoed indented.
 */
final class ForkedRun {
    static final String CHILD_OPTION = "--child";
    private static final String CHILD_LINE = "CHILD ";

    private final List<String> childArgs;

    /** {@code args}: the parent's command line; {@code --fork} is left out of the child's. */
    ForkedRun(String[] args) {
        List<String> kept = new ArrayList<>();
        for (String a : args) {
            if (!a.equals("--fork")) {
                kept.add(a);
            }
        }
        this.childArgs = List.copyOf(kept);
    }

    /** What a child measured: the run, and the child's CPU time during it. */
    record Outcome(Measurement measurement, long cpuMs) {
    }

    /** Runs engine number {@code engineIndex} of {@code workload} in a new JVM and returns its timed run. */
    Outcome run(Workload workload, int engineIndex, PrintStream out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchMain.class.getName());
        cmd.addAll(childArgs);
        cmd.add(CHILD_OPTION + "=" + workload.name() + ":" + engineIndex);
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Outcome outcome = null;
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith(CHILD_LINE)) {
                    outcome = parse(line);
                    continue;
                }
                out.println("#   " + line);
                tail.addLast(line);
                if (tail.size() > 10) {
                    tail.removeFirst();
                }
            }
        }
        int status = child.waitFor();
        if (status != 0 || outcome == null) {
            throw new IOException("the forked run exited with status " + status + (outcome == null ? " and no result" : "")
                    + "; its last lines: " + String.join(" | ", tail));
        }
        return outcome;
    }

    /** The line a child ends with. */
    static String line(Measurement m, long cpuMs) {
        return CHILD_LINE + m.nanos() + " " + m.totals().count() + " " + m.totals().checksum() + " " + cpuMs;
    }

    private static Outcome parse(String line) {
        String[] f = line.substring(CHILD_LINE.length()).trim().split(" ");
        return new Outcome(new Measurement(new Totals(Long.parseLong(f[1]), Long.parseLong(f[2])), Long.parseLong(f[0])),
                Long.parseLong(f[3]));
    }

    /** {@code WORKLOAD:ENGINE} of a {@code --child=} value. */
    record ChildSpec(Workload workload, int engineIndex) {
        static ChildSpec parse(String value) {
            int colon = value.lastIndexOf(':');
            return new ChildSpec(Workload.named(value.substring(0, colon)), Integer.parseInt(value.substring(colon + 1)));
        }
    }
}
