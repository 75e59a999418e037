package dev.flowstate.recovery;

import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded randomized differential test of recovery: each case draws a {@link RandomFlow} (operators, key type,
 * inputs, crash points, worker counts), runs it crash-free without recovery as the reference, then with a fresh
 * store through every in-process crash (TestingSource ABORT markers), resuming each time with another worker count,
 * and requires exactly the reference's lines in the FileSink (exactly-once, onEof output once). A last rerun over
 * the finished store must change nothing.
 *
 * <p>{@code -Dflowstate.random.runs=N} sets the number of cases (default 30, about a minute on 2 cores);
 * {@code -Dflowstate.random.seed=S} the first seed (default: from the clock, printed). A failure names the seed
 * of its case and the command that reproduces it.
 */
class RandomRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void randomDataflows_crashedAndRescaled_endExactlyAsAPlainRun() throws IOException {
        int runs = Integer.getInteger("flowstate.random.runs", 30);
        long first = Long.getLong("flowstate.random.seed", System.nanoTime());
        System.out.println("RandomRecoveryTest: " + runs + " cases from seed " + first
                + " (-Dflowstate.random.seed=" + first + ")");
        Random seeds = new Random(first);
        for (int i = 0; i < runs; i++) {
            long seed = i == 0 ? first : seeds.nextLong();
            Path caseDir = Files.createDirectories(dir.resolve("case" + i));
            RandomFlow flow = new RandomFlow(seed);
            System.out.println("  case " + i + ": " + flow);
            try {
                runCase(flow, caseDir);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("random recovery case failed, " + flow + "; reproduce with: mvn -o -B -pl"
                        + " flowstate-core -am verify -Dtest=RandomRecoveryTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Dflowstate.random.runs=1 -Dflowstate.random.seed=" + seed + "\n" + e.getMessage(), e);
            }
        }
    }

    private static void runCase(RandomFlow flow, Path dir) throws IOException {
        Path expectedOut = dir.resolve("expected.txt");
        Path expectedTicks = dir.resolve("expected-ticks.txt");
        Flowstate.run(flow.build(TestingSource.ofPartitions(flow.withoutAborts(flow.partitions), flow.batch),
                        flow.ticks == null ? null : TestingSource.ofPartitions(flow.withoutAborts(List.of(flow.ticks)), 1),
                        expectedOut, expectedTicks),
                RunConfig.defaults().withWorkers(flow.workerCounts.get(0)));

        Path store = dir.resolve("store");
        Recovery.init(store, flow.storePartitions);
        TestingSource<Integer> input = TestingSource.ofPartitions(flow.partitions, flow.batch);
        TestingSource<Integer> ticks = flow.ticks == null ? null : TestingSource.ofPartitions(List.of(flow.ticks), 1);
        Path out = dir.resolve("out.txt");
        Path ticksOut = dir.resolve("ticks.txt");
        int attempt = 0;
        List<String> failures = new ArrayList<>();
        while (true) {
            RunConfig config = RunConfig.defaults().withWorkers(flow.workerCounts.get(attempt)).withEpochInterval(flow.epoch)
                    .withRecovery(RecoveryConfig.of(store));
            try {
                Flowstate.run(flow.build(input, ticks, out, ticksOut), config);
                break;
            } catch (DataflowException e) {
                if (!(rootCause(e) instanceof TestingSource.AbortException)) {
                    throw e;
                }
                failures.add(rootCause(e).getMessage());
                assertThat(++attempt).as("runs needed for %d aborts (%s)", flow.aborts, failures).isLessThanOrEqualTo(flow.aborts);
            }
        }
        List<String> expected = sorted(expectedOut);
        assertThat(sorted(out)).as("output after %d crashes", attempt).isEqualTo(expected);
        if (flow.ticks != null) {
            assertThat(sorted(ticksOut)).isEqualTo(sorted(expectedTicks));
        }
        byte[] finished = Files.readAllBytes(out);
        Flowstate.run(flow.build(input, ticks, out, ticksOut), RunConfig.defaults()
                .withWorkers(flow.workerCounts.get(flow.workerCounts.size() - 1)).withEpochInterval(flow.epoch)
                .withRecovery(RecoveryConfig.of(store)));
        assertThat(Files.readAllBytes(out)).as("a rerun over the finished store changes nothing").isEqualTo(finished);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static List<String> sorted(Path p) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(p));
        lines.sort(null);
        return lines;
    }
}
