package dev.flowstate.bench;

import java.util.SplittableRandom;

/** The benchmark input: generated once per JVM, outside any timed region, and shared by every engine. */
final class Events {
    /** Number of distinct keys. */
    static final int KEYS = 100_000;
    static final long SEED = 42;

    private Events() {
    }

    /** Event {@code i} is {@code "k" + r}, r being the i-th {@code nextInt(KEYS)} of {@code new SplittableRandom(42)}. */
    static String[] generate(int n) {
        SplittableRandom random = new SplittableRandom(SEED);
        String[] events = new String[n];
        for (int i = 0; i < n; i++) {
            events[i] = "k" + random.nextInt(KEYS);
        }
        return events;
    }
}
