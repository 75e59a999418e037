package dev.flowstate.bench;

import java.util.Arrays;

/** The reported outcome of one (workload, engine): the median rate of its timed repetitions. */
record Result(String workload, Engine engine, long medianEventsPerSecond, long checksum) {

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The RESULT line, in the exact format scripts parse. */
    String line() {
        return "RESULT workload=" + workload + " engine=" + engine.name() + " workers=" + engine.workers()
                + (engine.name().equals("flowstate-cluster") ? " processes=" + engine.processes() : "")
                + " events_per_s=" + medianEventsPerSecond + " checksum=" + checksum;
    }
}
