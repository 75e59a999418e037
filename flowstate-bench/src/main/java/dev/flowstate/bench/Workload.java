package dev.flowstate.bench;

import dev.flowstate.Dataflow;

import java.util.List;

/**
 * One benchmark job, expressed twice: as a dataflow for the flowstate engines and as a plain single-threaded loop
 * for the baseline. Both must produce the same {@link Totals} for the same events.
 */
interface Workload {

    String name();

    /** A dataflow reading {@code events} through {@code sourcePartitions} slices and reporting into {@code tally}. */
    Dataflow dataflow(String[] events, int sourcePartitions, Tally tally);

    /** The same work as {@link #dataflow}, on the calling thread. */
    Totals loop(String[] events);

    /** Every known workload, in default run order. */
    static List<Workload> all() {
        return List.of(new KeyedCountWorkload(), new StatelessMapWorkload());
    }

    static Workload named(String name) {
        for (Workload w : all()) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; known: "
                + all().stream().map(Workload::name).toList());
    }
}
