package dev.flowstate.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every selected workload on every engine: untimed warm-up runs first, then the timed repetitions taken
 * round-robin over the engines (so slow drift of the machine affects all engines alike), reporting the median.
 * Every run's {@link Totals} is checked against the loop's; a mismatch or an engine failure makes the exit code 1.
 */
final class BenchRunner {
    private final BenchOptions options;
    private final String[] events;
    private final PrintStream out;
    private final List<Ratios.Ratio> ratios = new ArrayList<>();
    private final BenchStores stores;
    /** Null unless {@code --fork}: then every run is a child JVM, and {@link #events} is null. */
    private final ForkedRun fork;
    /** With {@code --fork}: each engine's number in {@link #engines}, which names it to the child. */
    private final Map<Engine, Integer> engineNumbers = new java.util.IdentityHashMap<>();
    private boolean failed;

    BenchRunner(BenchOptions options, String[] events, PrintStream out, BenchStores stores, ForkedRun fork) {
        this.options = options;
        this.events = events;
        this.out = out;
        this.stores = stores;
        this.fork = fork;
    }

    /**
     * In a {@code --fork} child: the engine's warm-ups and one timed run, then the {@code CHILD} line for the
     * parent. Returns the exit code.
     */
    int runChild(ForkedRun.ChildSpec spec) {
        Engine engine = engines(spec.workload()).get(spec.engineIndex());
        Totals[] expected = new Totals[1];
        for (int i = 0; i < options.warmup(); i++) {
            if (attempt(spec.workload(), engine, "warmup " + (i + 1) + "/" + options.warmup(), expected) == null) {
                return 1;
            }
        }
        long cpuStart = ProcessCpu.nanos();
        Measurement m = attempt(spec.workload(), engine, "run", expected);
        if (m == null) {
            return 1;
        }
        out.println(ForkedRun.line(m, (ProcessCpu.nanos() - cpuStart) / 1_000_000));
        return failed ? 1 : 0;
    }

    /** Runs everything and returns the process exit code. */
    int run() {
        for (Workload workload : options.workloads()) {
            List<Result> results = runWorkload(workload);
            ratios.addAll(Ratios.of(workload.name(), results));
        }
        for (Ratios.Ratio r : ratios) {
            out.println(r.line());
        }
        for (Ratios.Ratio r : ratios) {
            if (r.belowTarget()) {
                out.println("NOTE below target: " + r.line().substring("RATIO ".length()));
            }
        }
        return failed ? 1 : 0;
    }

    /** Engines in run order; the loop comes first so its totals are the reference for the others. */
    List<Engine> engines(Workload workload) {
        List<Engine> engines = new ArrayList<>();
        engines.add(new LoopEngine());
        for (int w : options.workers()) {
            engines.add(new FlowstateEngine(w));
        }
        // The cluster: 2 processes x 1 worker, to compare with 1 x 2 and 1 x 1 (keyed-count only).
        if (workload instanceof KeyedCountWorkload) {
            engines.add(new FlowstateClusterEngine(2, 1));
        }
        if (options.recovery()) {
            for (String store : options.stores()) {
                for (int w : options.workers()) {
                    engines.add(new FlowstateRecoveryEngine(w, store, stores));
                }
            }
        }
        if (options.metrics()) {
            for (int w : options.workers()) {
                engines.add(FlowstateEngine.withMetrics(w));
            }
        }
        engines.removeIf(e -> !e.supports(workload));
        return engines;
    }

    private List<Result> runWorkload(Workload workload) {
        List<Engine> engines = engines(workload);
        for (int i = 0; i < engines.size(); i++) {
            engineNumbers.put(engines.get(i), i);
        }
        Map<Engine, long[]> rates = new LinkedHashMap<>();
        Map<Engine, Totals> totals = new LinkedHashMap<>();
        Totals[] expected = new Totals[1];
        for (Engine engine : List.copyOf(engines)) {
            // A forked run warms up in its own JVM.
            for (int i = 0; fork == null && i < options.warmup() && engines.contains(engine); i++) {
                Measurement m = attempt(workload, engine, "warmup " + (i + 1) + "/" + options.warmup(), expected);
                if (m == null) {
                    engines.remove(engine);
                }
            }
        }
        for (int rep = 0; rep < options.repeat(); rep++) {
            for (Engine engine : List.copyOf(engines)) {
                Measurement m = attempt(workload, engine, "run " + (rep + 1) + "/" + options.repeat(), expected);
                if (m == null) {
                    engines.remove(engine);
                    rates.remove(engine);
                    continue;
                }
                rates.computeIfAbsent(engine, e -> new long[options.repeat()])[rep] = m.eventsPerSecond(options.events());
                totals.put(engine, m.totals());
            }
        }
        List<Result> results = new ArrayList<>();
        for (Map.Entry<Engine, long[]> e : rates.entrySet()) {
            Result r = new Result(workload.name(), e.getKey(), Median.of(e.getValue()), totals.get(e.getKey()).checksum(),
                    e.getValue());
            out.println(r.line());
            results.add(r);
        }
        return results;
    }

    /** One run with a progress line; null if the engine failed (reported, and the run marked failed). */
    private Measurement attempt(Workload workload, Engine engine, String phase, Totals[] expected) {
        String what = "workload=" + workload.name() + " engine=" + engine.name() + " workers=" + engine.workers();
        System.gc();
        Measurement m;
        long cpuStart = ProcessCpu.nanos();
        long cpuMs;
        try {
            if (fork != null) {
                ForkedRun.Outcome o = fork.run(workload, engineNumbers.get(engine), out);
                m = o.measurement();
                cpuMs = o.cpuMs();
            } else {
                try (Watchdog ignored = Watchdog.start(what + " " + phase, out)) {
                    m = engine.run(workload, events);
                }
                cpuMs = (ProcessCpu.nanos() - cpuStart) / 1_000_000;
            }
        } catch (Exception | Error e) {
            failed = true;
            out.println("ERROR " + what + " failed: " + describe(e));
            return null;
        }
        out.printf("# %s %s events_per_s=%d ms=%d cpu_ms=%d count=%d checksum=%d%n", phase, what,
                m.eventsPerSecond(options.events()), m.nanos() / 1_000_000, cpuMs, m.totals().count(), m.totals().checksum());
        if (expected[0] == null && engine instanceof LoopEngine) {
            expected[0] = m.totals();
        } else if (expected[0] != null && !expected[0].equals(m.totals())) {
            failed = true;
            out.println("WARN checksum mismatch " + what + " count=" + m.totals().count() + " checksum="
                    + m.totals().checksum() + " expected_count=" + expected[0].count() + " expected_checksum="
                    + expected[0].checksum());
        }
        return m;
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" <- ").append(c);
        }
        return sb.toString();
    }
}
