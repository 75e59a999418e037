package dev.flowstate.bench;

/** One timed run: what it produced and how long the processing took (setup and teardown excluded). */
record Measurement(Totals totals, long nanos) {

    /** Events per second for {@code events} input events, as an integer. */
    long eventsPerSecond(int events) {
        return Math.round(events / (Math.max(nanos, 1) / 1e9));
    }
}
