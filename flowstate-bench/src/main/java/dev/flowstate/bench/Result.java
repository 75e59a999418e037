package dev.flowstate.bench;

/**
 * The reported outcome of one (workload, engine): the median rate of its timed repetitions, and every repetition's
 * rate in round order ({@code rates[i]} ran in round {@code i}, next to the other engines' {@code rates[i]}).
 */
record Result(String workload, Engine engine, long medianEventsPerSecond, long checksum, long[] rates) {

    /** The RESULT line, in the exact format scripts parse. */
    String line() {
        return "RESULT workload=" + workload + " engine=" + engine.name() + " workers=" + engine.workers()
                + (engine.name().equals("flowstate-cluster") ? " processes=" + engine.processes() : "")
                + " events_per_s=" + medianEventsPerSecond + " checksum=" + checksum;
    }
}
