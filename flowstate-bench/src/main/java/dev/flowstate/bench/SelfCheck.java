package dev.flowstate.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the harness without the engine: deterministic events, a source whose slices emit every event exactly
 * once (also across a resume), a sink that never double-counts, and loop checksums against independent formulas.
 * Throws {@link IllegalStateException} on the first failed check.
 */
final class SelfCheck {
    private SelfCheck() {
    }

    static void run(PrintStream out) throws Exception {
        String[] events = Events.generate(10_000);
        check(Arrays.equals(events, Events.generate(10_000)), "events are deterministic");
        for (String e : events) {
            int r = Integer.parseInt(e.substring(1));
            check(e.charAt(0) == 'k' && r >= 0 && r < Events.KEYS, "event format: " + e);
        }
        for (int n : new int[] {0, 1, 1023, 1024, 1025, 5000}) {
            for (int slices : new int[] {1, 2, 3, 8}) {
                String[] input = Arrays.copyOf(events, n);
                check(readAll(input, slices).equals(Arrays.asList(input)), "source n=" + n + " slices=" + slices);
            }
        }
        checkLoops(events);
        checkSink();
        out.println("SELF-CHECK ok");
    }

    /** Reads every slice in order, resuming each one from a snapshot taken after its first batch. */
    private static List<String> readAll(String[] input, int slices) throws Exception {
        ArraySource source = new ArraySource(input, slices);
        List<String> names = source.listPartitions();
        check(names.equals(names.stream().sorted().toList()), "partition names sort in slice order");
        List<String> seen = new ArrayList<>();
        for (String name : names) {
            var first = source.buildPartition(name, null);
            first.nextBatch(seen::add);
            var resumed = source.buildPartition(name, first.snapshot());
            while (resumed.nextBatch(seen::add)) {
                check(seen.size() <= input.length, "source stops");
            }
        }
        return seen;
    }

    private static void checkLoops(String[] events) {
        Map<String, Long> counts = new HashMap<>();
        for (String e : events) {
            counts.merge(e, 1L, Long::sum);
        }
        long triangular = counts.values().stream().mapToLong(c -> c * (c + 1) / 2).sum();
        check(new KeyedCountWorkload().loop(events).equals(new Totals(events.length, triangular)), "keyed-count loop");
        long even = Arrays.stream(events).filter(e -> e.length() % 2 == 0).count();
        long lengths = Arrays.stream(events).mapToLong(String::length).filter(n -> n % 2 == 0).sum();
        check(new StatelessMapWorkload().loop(events).equals(new Totals(even, lengths)), "stateless-map loop");
    }

    private static void checkSink() throws Exception {
        Tally tally = new Tally();
        try (var writer = new TallySink<Integer>(tally, n -> n).buildForWorker(0, 1)) {
            writer.writeBatch(List.of(1, 2, 3));
            writer.snapshot();
            writer.snapshot();
            writer.writeBatch(List.of(4));
        }
        check(tally.totals().equals(new Totals(4, 10)), "sink totals " + tally.totals());
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("self-check failed: " + what);
        }
    }
}
