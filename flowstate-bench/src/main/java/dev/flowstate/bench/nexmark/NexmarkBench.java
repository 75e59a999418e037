package dev.flowstate.bench.nexmark;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.bench.Median;
import dev.flowstate.bench.ProcessCpu;
import dev.flowstate.bench.Tally;
import dev.flowstate.bench.Watchdog;

import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * {@code bin/flowstate-bench nexmark}: runs each selected query on each worker count, checks every run against
 * {@link NexmarkReference} for the same N and prints one line per query and worker count:
 * <pre>RESULT workload=nexmark-q5 engine=flowstate workers=2 events=1000000 events_per_s=… checksum=… outputs=…</pre>
 * {@code events_per_s} is N over the wall time of {@code Flowstate.run} (the median over {@code --repeat} runs),
 * which includes generating the events in the source, starting and stopping the workers, but not building the
 * dataflow. Exit code: 0 all runs matched, 1 a MISMATCH or an engine failure, 2 a bad command line.
 */
public final class NexmarkBench {
    private final NexmarkOptions options;
    private final PrintStream out;
    private boolean failed;

    private NexmarkBench(NexmarkOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the command with {@code args} (after {@code nexmark}) and returns the process exit code. */
    public static int run(String[] args, PrintStream out) {
        NexmarkOptions options;
        try {
            options = NexmarkOptions.parse(args);
        } catch (NexmarkOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("flowstate-bench nexmark: " + e.getMessage());
            }
            System.err.print(NexmarkOptions.USAGE);
            return e.getMessage() == null ? 0 : 2;
        }
        out.printf("# flowstate-bench nexmark queries=%s events=%d workers=%s repeat=%d warmup=%d cpus=%d java=%s"
                        + " max_heap_mb=%d%n",
                options.queries().stream().map(Query::label).collect(Collectors.joining(",")), options.events(),
                options.workers().stream().map(String::valueOf).collect(Collectors.joining(",")), options.repeat(),
                options.warmup(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        NexmarkBench bench = new NexmarkBench(options, out);
        for (Query query : options.queries()) {
            bench.runQuery(query);
        }
        out.flush();
        return bench.failed ? 1 : 0;
    }

    private void runQuery(Query query) {
        long start = System.nanoTime();
        Outcome expected = NexmarkReference.expected(query, options.events());
        out.printf("# reference %s events=%d %s computed in %d ms%n", query.label(), options.events(), expected,
                (System.nanoTime() - start) / 1_000_000);
        for (int workers : options.workers()) {
            String what = "workload=nexmark-" + query.label() + " engine=flowstate workers=" + workers;
            long[] rates = new long[options.repeat()];
            Outcome outcome = null;
            for (int i = 0; i < options.warmup() + options.repeat(); i++) {
                boolean warmup = i < options.warmup();
                String phase = warmup ? "warmup " + (i + 1) + "/" + options.warmup()
                        : "run " + (i - options.warmup() + 1) + "/" + options.repeat();
                System.gc();
                long nanos;
                long cpu;
                Tally tally = new Tally();
                Dataflow flow = NexmarkDataflows.build(query, options.events(), workers, tally);
                try (Watchdog ignored = Watchdog.start(what + " " + phase, out)) {
                    cpu = ProcessCpu.nanos();
                    long t0 = System.nanoTime();
                    Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
                    nanos = System.nanoTime() - t0;
                    cpu = ProcessCpu.nanos() - cpu;
                } catch (RuntimeException | Error e) {
                    failed = true;
                    out.println("ERROR " + what + " failed: " + e);
                    return;
                }
                outcome = NexmarkDataflows.outcome(tally);
                long rate = Math.round(options.events() / (Math.max(nanos, 1) / 1e9));
                out.printf("# %s %s events_per_s=%d ms=%d cpu_ms=%d cpu_ns_per_event=%d %s%n", phase, what, rate,
                        nanos / 1_000_000, cpu / 1_000_000, cpu / Math.max(options.events(), 1), outcome);
                if (!outcome.equals(expected)) {
                    failed = true;
                    out.printf("MISMATCH %s events=%d %s expected_checksum=%d expected_outputs=%d%n", what,
                            options.events(), outcome, expected.checksum(), expected.outputs());
                }
                if (!warmup) {
                    rates[i - options.warmup()] = rate;
                }
            }
            out.printf("RESULT %s events=%d events_per_s=%d %s%n", what, options.events(), Median.of(rates), outcome);
        }
    }
}
