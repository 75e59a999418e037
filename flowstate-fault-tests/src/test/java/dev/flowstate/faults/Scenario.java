package dev.flowstate.faults;

import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /** The files of a scenario {@link #in} already set up in {@code dir} (to run more rounds on its store). */
    static Scenario reuse(Path dir) {
        return new Scenario(dir);
    }

    /**
     * Waits until the store's {@code executionsBefore + 1}-th execution has an epoch committed by all its workers
     * (its frontier passed the epoch it resumed at), read from the store itself, never guessed from elapsed time.
     * Fails if a watched process ends first or nothing is committed within two minutes.
     */
    static void awaitCommittedEpoch(Path store, int executionsBefore, List<Process> watched) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        String last = "no execution yet";
        while (System.nanoTime() < deadline) {
            for (Process p : watched) {
                if (!p.isAlive()) {
                    throw new AssertionError("process " + watched.indexOf(p) + " ended (exit " + p.exitValue()
                            + ") before its execution committed an epoch; store: " + last);
                }
            }
            try {
                List<RecoveryReport.ExecutionInfo> executions = Recovery.inspect(store).executions();
                if (executions.size() > executionsBefore) {
                    RecoveryReport.ExecutionInfo e = executions.get(executions.size() - 1);
                    last = e.toString();
                    if (e.frontier() > e.resumedAtEpoch()) {
                        return;
                    }
                }
            } catch (RuntimeException busy) {
                last = "not readable yet: " + busy.getMessage(); // being written; ask again
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no epoch committed within 2 minutes; store: " + last);
    }

    /** Prints the summary where surefire keeps the test's output (target/surefire-reports/*-output.txt). */
    static void report(String name, CrashHarness.Summary summary) {
        System.out.println("=== " + name + "\n" + summary.format());
    }
}
