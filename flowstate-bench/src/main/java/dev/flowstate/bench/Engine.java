package dev.flowstate.bench;

/**
 * A way of running a {@link Workload}: the plain loop, the in-process engine at some worker count, the engine with
 * recovery on, and later a multi-process cluster. An engine times only the processing, not its setup.
 */
interface Engine {

    /** The {@code engine=} label of RESULT lines, e.g. {@code loop} or {@code flowstate}. */
    String name();

    /** The {@code workers=} label of RESULT lines. */
    int workers();

    /** The {@code processes=} label of RESULT lines of the cluster engine; 1 for the others. */
    default int processes() {
        return 1;
    }

    /** Whether this engine runs {@code workload} at all (e.g. recovery only matters for stateful work). */
    default boolean supports(Workload workload) {
        return true;
    }

    Measurement run(Workload workload, String[] events) throws Exception;

    /** {@code loop}, {@code flowstate_w2}: the name used in RATIO lines. */
    default String label() {
        return name().equals("loop") ? "loop" : name().replace('-', '_') + "_w" + workers();
    }
}
