package dev.flowstate.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code count-final} (count per key, emitted at the end of input) killed repeatedly: the counts live only in the
 * keyed state until EOF, so the output is right only if every snapshot and resume kept the state exact.
 */
class CountFinalCrashTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void countFinal_twoWorkers_survivesRepeatedKills() throws Exception {
        long seed = Scenario.seed(777);
        Scenario s = Scenario.in(dir);
        Inputs.keyValues(s.input, seed, 1_200_000, 30_000);
        Map<String, Long> expected = Expected.countFinal(s.input);

        CrashHarness.Summary summary = CrashHarness.builder(s.logs).seed(seed).kills(4)
                .delays(KillTiming.MIN_DELAY_MS, KillTiming.MAX_DELAY_MS).workers(2)
                .killGate(new CommittedEpochGate(s.recovery), KillTiming.GATE_MAX_WAIT_MS).build()
                .run((run, w) -> FaultJob.command("count-final", s.input, s.output, s.recovery, w, "50ms", null));
        Scenario.report("countFinal_twoWorkers", summary);

        OutputChecks.counts(expected, s.output, ",");
        assertThat(summary.kills()).isGreaterThanOrEqualTo(3);
    }

    /** A finished count-final run started again (twice) on its store must not lose or repeat its final output. */
    @Test
    @Timeout(900)
    void countFinal_rerunAfterCompletion_leavesOutputExact() throws Exception {
        Scenario s = Scenario.in(dir);
        long seed = Scenario.seed(778);
        Inputs.keyValues(s.input, seed, 200_000, 30_000);
        Map<String, Long> expected = Expected.countFinal(s.input);

        CrashHarness.Summary summary = CrashHarness.builder(s.logs).seed(seed).kills(2).delays(60_000, 60_000)
                .workers(2).build()
                .run((run, w) -> FaultJob.command("count-final", s.input, s.output, s.recovery, w, "50ms", null));
        Scenario.report("countFinal_rerunAfterCompletion", summary);

        assertThat(summary.finishedBeforeKill()).isEqualTo(2);
        OutputChecks.counts(expected, s.output, ",");
    }
}
