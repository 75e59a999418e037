package dev.flowstate.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keyed-count} (running count and sum per key) killed with SIGKILL several times on 1, 2 and 4 workers and
 * across a rescale, then run to the end. The exactly-once file must equal the crash-free result; the
 * at-least-once file must hold every crash-free line and nothing else.
 */
class KeyedCountCrashTest {
    static final int LINES = 1_000_000;
    static final int KEYS = 20_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void keyedCount_oneWorker_survivesRepeatedKills() throws Exception {
        crashAndCheck("keyedCount_oneWorker", 101, 4, 1);
    }

    @Test
    @Timeout(900)
    void keyedCount_twoWorkers_survivesRepeatedKills() throws Exception {
        crashAndCheck("keyedCount_twoWorkers", 202, 4, 2);
    }

    @Test
    @Timeout(900)
    void keyedCount_fourWorkers_survivesRepeatedKills() throws Exception {
        crashAndCheck("keyedCount_fourWorkers", 404, 4, 4);
    }

    /** Workers 2 → 3 → 1 → 2 over three kills and the final run: keyed state is redistributed on every resume. */
    @Test
    @Timeout(900)
    void keyedCount_rescaleTwoThreeOne_survivesKills() throws Exception {
        crashAndCheck("keyedCount_rescale", 231, 3, 2, 3, 1, 2);
    }

    /**
     * Short delays (250–900 ms, JVM start-up included) so that kills also land while a run opens the store,
     * computes the resume epoch, deletes the rows of the crashed run and loads state, with a different worker
     * count on every restart.
     */
    @Test
    @Timeout(900)
    void keyedCount_killedDuringStartupAndResume_resumesExactly() throws Exception {
        long seed = Scenario.seed(4132);
        Scenario s = Scenario.in(dir);
        Inputs.keyValues(s.input, seed, LINES, KEYS);
        List<String> expected = Expected.keyedCount(s.input);

        CrashHarness.Summary summary = CrashHarness.builder(s.logs).seed(seed).kills(6).delays(250, 900)
                .workers(4, 1, 3, 2, 4, 1, 2).build()
                .run((run, w) -> FaultJob.command("keyed-count", s.input, s.output, s.recovery, w, "50ms",
                        s.atLeastOnceOutput));
        Scenario.report("keyedCount_killedDuringStartupAndResume", summary);

        OutputChecks.exactlyOnce(expected, s.output);
        OutputChecks.atLeastOnce(expected, s.atLeastOnceOutput);
        assertThat(summary.kills()).isGreaterThanOrEqualTo(5);
    }

    /**
     * Runs that reach the end before their kill (delays far beyond the run time), then more runs on the same
     * store: resuming a finished dataflow must leave the exactly-once output exact (no truncation of the last
     * epoch's output without replaying it, no duplicates).
     */
    @Test
    @Timeout(900)
    void keyedCount_rerunAfterCompletion_leavesOutputExact() throws Exception {
        Scenario s = Scenario.in(dir);
        long seed = Scenario.seed(99);
        Inputs.keyValues(s.input, seed, 200_000, KEYS);
        List<String> expected = Expected.keyedCount(s.input);

        CrashHarness.Summary summary = CrashHarness.builder(s.logs).seed(seed).kills(2).delays(60_000, 60_000)
                .workers(2, 3, 1).build()
                .run((run, w) -> FaultJob.command("keyed-count", s.input, s.output, s.recovery, w, "50ms",
                        s.atLeastOnceOutput));
        Scenario.report("keyedCount_rerunAfterCompletion", summary);

        assertThat(summary.finishedBeforeKill()).isEqualTo(2);
        OutputChecks.exactlyOnce(expected, s.output);
        OutputChecks.atLeastOnce(expected, s.atLeastOnceOutput);
    }

    private void crashAndCheck(String name, long fixedSeed, int kills, int... workers) throws Exception {
        long seed = Scenario.seed(fixedSeed);
        Scenario s = Scenario.in(dir);
        Inputs.keyValues(s.input, seed, LINES, KEYS);
        List<String> expected = Expected.keyedCount(s.input);

        CrashHarness.Summary summary = CrashHarness.builder(s.logs).seed(seed).kills(kills)
                .delays(KillTiming.MIN_DELAY_MS, KillTiming.MAX_DELAY_MS).workers(workers)
                .killGate(new CommittedEpochGate(s.recovery), KillTiming.GATE_MAX_WAIT_MS).build()
                .run((run, w) -> FaultJob.command("keyed-count", s.input, s.output, s.recovery, w, "50ms",
                        s.atLeastOnceOutput));
        Scenario.report(name, summary);

        OutputChecks.exactlyOnce(expected, s.output);
        long repeats = OutputChecks.atLeastOnce(expected, s.atLeastOnceOutput);
        System.out.println(name + ": at-least-once output repeats " + repeats + " lines");
        assertThat(summary.kills()).as("kills that landed (a run that ends first is not killed)").isGreaterThanOrEqualTo(kills - 1);
    }
}
