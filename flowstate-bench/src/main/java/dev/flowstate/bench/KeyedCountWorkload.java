package dev.flowstate.bench;

import dev.flowstate.Dataflow;
import dev.flowstate.StateAndValue;

import java.util.HashMap;

/**
 * Keyed state and the key exchange: a running count per key, emitting the new count for every event.
 * Checksum: the sum of all emitted counts (for a key seen c times that is c(c+1)/2).
 */
final class KeyedCountWorkload implements Workload {

    @Override
    public String name() {
        return "keyed-count";
    }

    @Override
    public Dataflow dataflow(String[] events, int sourcePartitions, Tally tally) {
        Dataflow flow = new Dataflow("bench_keyed_count");
        flow.input("events", new ArraySource(events, sourcePartitions))
                .keyOn("key", e -> e)
                .statefulMap("count", () -> 0L, (n, e) -> StateAndValue.of(n + 1, n + 1))
                .output("out", new TallySink<>(tally, kv -> kv.value()));
        return flow;
    }

    @Override
    public Totals loop(String[] events) {
        HashMap<String, long[]> counts = new HashMap<>();
        long sum = 0;
        for (String e : events) {
            long[] n = counts.computeIfAbsent(e, k -> new long[1]);
            sum += ++n[0];
        }
        return new Totals(events.length, sum);
    }
}
