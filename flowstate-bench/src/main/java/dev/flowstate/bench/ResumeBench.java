package dev.flowstate.bench;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAndValue;
import dev.flowstate.io.PartitionedSource;
import dev.flowstate.io.SourcePartition;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;
import dev.flowstate.recovery.RecoveryReport;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code --resume}: how long a run takes to resume from a store holding the state of many keys.
 *
 * <p>The input is an append-only log read through {@code workers} partitions (partition {@code i} reads the log
 * positions {@code i, i + w, i + 2w, ...}; its resume state is its next position). The first {@code keys} positions
 * hold each key {@code "r0" .. "r<keys-1>"} exactly once; the next {@link #NEW_EVENTS} positions are new events drawn
 * uniformly from the same keys.
 *
 * <p>Once per worker count, a <em>build</em> run reads the first part of the log to its end with recovery on (keyed
 * count, 1 s snapshots), leaving the count of every key in a fresh store under {@code java.io.tmpdir}; the store is
 * checked with {@link Recovery#inspect}. Each measured run then gets a fresh copy of that store (a run changes it) and
 * the whole log: it restores the state, the sources resume at the first new position, and the new events are
 * counted on top of the restored counts. Timed from calling {@code Flowstate.run} to:
 * <ul>
 *   <li>{@code restore_ms}: every source partition opened, i.e. every worker has restored its share of the state
 *       (the runtime restores a worker's keyed state before it opens its source partitions);</li>
 *   <li>{@code first_item_ms}: the first new item leaves the stateful step (an inspect step right after it).</li>
 * </ul>
 * The checksum (sum of emitted counts) is checked against a loop that starts every key at 1, so a run that lost
 * state is reported as a mismatch.
 */
final class ResumeBench {
    static final int NEW_EVENTS = 100_000;
    /** Resume target: 2 s for the local SQLite store, 5 s for the remote ones. */
    static final long TARGET_MS = 2000;
    static final long REMOTE_TARGET_MS = 5000;
    private static final String STEP = "count";

    private final int keys;
    private final List<Integer> workerCounts;
    private final int repeat;
    private final int warmup;
    private final PrintStream out;
    private final String[] log;
    private final Totals expected;
    private final String storeKind;
    private final BenchStores stores;
    private boolean failed;

    ResumeBench(int keys, List<Integer> workerCounts, int repeat, int warmup, PrintStream out, String storeKind,
                BenchStores stores) {
        this.storeKind = storeKind;
        this.stores = stores;
        this.keys = keys;
        this.workerCounts = workerCounts;
        this.repeat = repeat;
        this.warmup = warmup;
        this.out = out;
        this.log = log(keys, NEW_EVENTS);
        this.expected = expectedTotals(log, keys);
    }

    /** The log: every key once, then {@code newEvents} uniformly drawn keys. */
    static String[] log(int keys, int newEvents) {
        String[] log = new String[keys + newEvents];
        for (int i = 0; i < keys; i++) {
            log[i] = "r" + i;
        }
        SplittableRandom random = new SplittableRandom(Events.SEED);
        for (int i = 0; i < newEvents; i++) {
            log[keys + i] = "r" + random.nextInt(keys);
        }
        return log;
    }

    /** What the resumed run must emit if every key's count (1) was restored. */
    static Totals expectedTotals(String[] log, int keys) {
        HashMap<String, long[]> counts = new HashMap<>();
        long sum = 0;
        for (int i = keys; i < log.length; i++) {
            long[] n = counts.computeIfAbsent(log[i], k -> new long[] {1});
            sum += ++n[0];
        }
        return new Totals(log.length - keys, sum);
    }

    /** Runs everything and returns the process exit code. */
    int run() throws IOException {
        List<Long> medians = new ArrayList<>();
        for (int w : workerCounts) {
            String store = build(w);
            try {
                long[] firstItem = new long[repeat];
                long[] restore = new long[repeat];
                for (int i = 0; i < warmup + repeat; i++) {
                    boolean timed = i >= warmup;
                    String phase = timed ? "run " + (i - warmup + 1) + "/" + repeat : "warmup " + (i + 1) + "/" + warmup;
                    Timing t = resumeOnce(store, w, phase);
                    if (t == null) {
                        return 1;
                    }
                    if (timed) {
                        firstItem[i - warmup] = t.firstItemNanos;
                        restore[i - warmup] = t.restoreNanos;
                    }
                }
                long firstMs = Median.of(firstItem) / 1_000_000;
                long restoreMs = Median.of(restore) / 1_000_000;
                medians.add(firstMs);
                out.printf("RESULT workload=resume store=%s keys=%d workers=%d first_item_ms=%d restore_ms=%d%n",
                        storeKind, keys, w, firstMs, restoreMs);
            } finally {
                stores.discard(store);
            }
        }
        long worst = medians.stream().mapToLong(Long::longValue).max().orElse(0);
        long target = storeKind.equals("sqlite") ? TARGET_MS : REMOTE_TARGET_MS;
        String ratio = String.format(Locale.ROOT, "RATIO workload=resume store=%s first_item_ms=%d target<%d",
                storeKind, worst, target);
        out.println(ratio);
        if (worst >= target) {
            out.println("NOTE below target: " + ratio.substring("RATIO ".length()));
        }
        return failed ? 1 : 0;
    }

    /** A fresh store holding the count (1) of every key, written by a run over the first {@code keys} log positions. */
    private String build(int workers) throws IOException {
        String dir = stores.fresh(storeKind, Math.max(2, workers));
        Tally tally = new Tally();
        long start = System.nanoTime();
        try (Watchdog ignored = Watchdog.start("workload=resume build workers=" + workers, out)) {
            Flowstate.run(dataflow(keys, workers, tally, new Probe()), config(dir, workers));
        }
        long buildMs = (System.nanoTime() - start) / 1_000_000;
        RecoveryReport report = Recovery.inspect(dir, java.util.Map.of());
        Long stored = report.keysPerStep().get(STEP);
        out.printf("# built store workers=%d dir=%s keys_in_store=%s resume_epoch=%d build_ms=%d size_mb=%.1f count=%d%n",
                workers, dir, stored, report.resumeEpoch(), buildMs,
                dir.contains("://") ? Double.NaN : sizeBytes(Path.of(dir)) / 1e6, tally.totals().count());
        if (stored == null || stored != keys) {
            failed = true;
            out.println("WARN store holds " + stored + " keys for step '" + STEP + "', expected " + keys);
        }
        return dir;
    }

    /**
     * One timed resume on a fresh copy of {@code store} (a run changes its store): a copied directory for SQLite,
     * a newly built store for the remote ones (they cannot be copied; building is not timed).
     */
    private Timing resumeOnce(String store, int workers, String phase) throws IOException {
        String copy;
        if (store.contains("://")) {
            copy = build(workers);
        } else {
            Path dir = Files.createTempDirectory("flowstate-bench-resume-copy-");
            copyRecursively(Path.of(store), dir);
            copy = dir.toString();
        }
        try {
            Tally tally = new Tally();
            Probe probe = new Probe();
            Dataflow flow = dataflow(log.length, workers, tally, probe);
            RunConfig config = config(copy, workers);
            System.gc();
            long start = System.nanoTime();
            probe.start = start;
            try (Watchdog ignored = Watchdog.start("workload=resume workers=" + workers + " " + phase, out)) {
                Flowstate.run(flow, config);
            } catch (RuntimeException | Error e) {
                failed = true;
                out.println("ERROR workload=resume workers=" + workers + " failed: " + e);
                return null;
            }
            long end = System.nanoTime();
            Totals totals = tally.totals();
            Timing t = new Timing(probe.lastOpen.get() - start, probe.firstItem.get() - start);
            out.printf("# %s workload=resume keys=%d workers=%d restore_ms=%d first_item_ms=%d first_count=%d"
                            + " run_ms=%d count=%d checksum=%d%n", phase, keys, workers, t.restoreNanos / 1_000_000,
                    t.firstItemNanos / 1_000_000, probe.firstCount, (end - start) / 1_000_000, totals.count(),
                    totals.checksum());
            if (probe.firstItem.get() == 0 || !expected.equals(totals)) {
                failed = true;
                out.println("WARN checksum mismatch workload=resume workers=" + workers + " count=" + totals.count()
                        + " checksum=" + totals.checksum() + " expected_count=" + expected.count()
                        + " expected_checksum=" + expected.checksum());
            }
            return t;
        } finally {
            if (copy.contains("://")) {
                stores.discard(copy);
            } else {
                deleteRecursively(Path.of(copy));
            }
        }
    }

    /** Keyed count over the first {@code end} log positions; the same step ids for the build and resumed runs. */
    private Dataflow dataflow(int end, int workers, Tally tally, Probe probe) {
        Dataflow flow = new Dataflow("bench_resume");
        flow.input("events", new LogSource(log, end, workers, probe))
                .keyOn("key", e -> e)
                .statefulMap(STEP, () -> 0L, (n, e) -> StateAndValue.of(n + 1, n + 1))
                .inspect("first", kv -> probe.item(kv.value()))
                .output("out", new TallySink<>(tally, kv -> kv.value()));
        return flow;
    }

    private static RunConfig config(String store, int workers) {
        return RunConfig.defaults().withWorkers(workers)
                .withEpochInterval(FlowstateRecoveryEngine.SNAPSHOT_INTERVAL)
                .withRecovery(RecoveryConfig.of(store));
    }

    private record Timing(long restoreNanos, long firstItemNanos) {
    }

    /** Timestamps of one run: each partition opening, and the first item out of the stateful step. */
    static final class Probe {
        volatile long start;
        final AtomicLong lastOpen = new AtomicLong();
        final AtomicLong firstItem = new AtomicLong();
        volatile long firstCount;

        void opened() {
            lastOpen.accumulateAndGet(System.nanoTime(), Math::max);
        }

        /** Cheap after the first call: one volatile read per item. */
        void item(long count) {
            if (firstItem.get() == 0 && firstItem.compareAndSet(0, System.nanoTime())) {
                firstCount = count;
            }
        }
    }

    /** The log read through {@code slices} interleaved partitions, up to position {@code end}. */
    static final class LogSource implements PartitionedSource<String, Integer> {
        private final String[] log;
        private final int end;
        private final int slices;
        private final Probe probe;

        LogSource(String[] log, int end, int slices, Probe probe) {
            this.log = log;
            this.end = end;
            this.slices = slices;
            this.probe = probe;
        }

        @Override
        public List<String> listPartitions() {
            List<String> names = new ArrayList<>(slices);
            for (int i = 0; i < slices; i++) {
                names.add(ArraySource.name(i));
            }
            return names;
        }

        @Override
        public SourcePartition<String, Integer> buildPartition(String partition, Integer resumeState) {
            probe.opened();
            int slice = Integer.parseInt(partition.substring("slice-".length()));
            return new Part(log, resumeState == null ? slice : resumeState, end, slices);
        }
    }

    private static final class Part implements SourcePartition<String, Integer> {
        private final String[] log;
        private final int end;
        private final int step;
        private int next;

        Part(String[] log, int next, int end, int step) {
            this.log = log;
            this.next = next;
            this.end = end;
            this.step = step;
        }

        @Override
        public boolean nextBatch(Consumer<? super String> out) {
            if (next >= end) {
                return false;
            }
            for (int n = 0; n < ArraySource.BATCH && next < end; n++, next += step) {
                out.accept(log[next]);
            }
            return true;
        }

        @Override
        public Integer snapshot() {
            return next;
        }
    }

    private static long sizeBytes(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
