package dev.flowstate.bench;

/** The reported outcome of one (workload, engine): the median rate of its timed repetitions. */
record Result(String workload, Engine engine, long medianEventsPerSecond, long checksum) {

    /** The RESULT line, in the exact format scripts parse. */
    String line() {
        return "RESULT workload=" + workload + " engine=" + engine.name() + " workers=" + engine.workers()
                + (engine.name().equals("flowstate-cluster") ? " processes=" + engine.processes() : "")
                + " events_per_s=" + medianEventsPerSecond + " checksum=" + checksum;
    }
}
