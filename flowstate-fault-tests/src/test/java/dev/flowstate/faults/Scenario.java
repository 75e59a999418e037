package dev.flowstate.faults;

import dev.flowstate.recovery.Recovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of one scenario under a JUnit temp directory: input, exactly-once output, at-least-once output, an
 * initialized recovery directory (4 partitions) and the children's logs.
 */
final class Scenario {
    /** Recovery store partitions made by {@link Recovery#init}. */
    static final int STORE_PARTITIONS = 4;
    /** System property shifting every scenario's seed. */
    static final String SEED_OFFSET = "flowstate.faults.seedOffset";

    final Path input;
    final Path output;
    final Path atLeastOnceOutput;
    final Path recovery;
    final Path logs;

    private Scenario(Path dir) {
        this.input = dir.resolve("input.txt");
        this.output = dir.resolve("out/exactly-once.txt");
        this.atLeastOnceOutput = dir.resolve("out/at-least-once.txt");
        this.recovery = dir.resolve("recovery");
        this.logs = dir.resolve("logs");
    }

    /**
     * The seed of a scenario: {@code fixed}, or {@code fixed + offset} when the system property
     * {@value #SEED_OFFSET} is set (e.g. {@code -Dflowstate.faults.seedOffset=7}), to run the same scenarios with
     * other inputs and kill delays when hunting for bugs. The seed used is printed with each summary.
     */
    static long seed(long fixed) {
        long seed = fixed + Long.getLong(SEED_OFFSET, 0L);
        System.out.println("seed " + seed + (seed == fixed ? "" : " (" + fixed + " + " + SEED_OFFSET + ")"));
        return seed;
    }

    static Scenario in(Path dir) throws IOException {
        Scenario s = new Scenario(dir);
        Files.createDirectories(s.recovery);
        Recovery.init(s.recovery, STORE_PARTITIONS);
        return s;
    }

    /** Prints the summary where surefire keeps the test's output (target/surefire-reports/*-output.txt). */
    static void report(String name, CrashHarness.Summary summary) {
        System.out.println("=== " + name + "\n" + summary.format());
    }
}
