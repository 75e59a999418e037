package dev.flowstate.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills aimed at the moment the recovery store is being written.
 *
 * <p>Set-up: 50,000 keys uniformly hit, 50 ms epochs on 2 workers, so nearly every epoch touches thousands of keys
 * and each epoch close commits thousands of state rows (plus source and sink rows) into the store's SQLite files,
 * about 20 times a second: a commit is in progress a large share of the time. After each seeded delay the harness
 * waits (up to 300 ms) for {@link WalActivity} to see a {@code -wal} file change between two samples taken
 * ≤ 2 ms apart, then kills at once.
 *
 * <p>How sure is it that a kill hit a commit? Not certain. A {@code -wal} change seen in the last sample
 * interval means a commit wrote within roughly the last 0.25–2 ms; since a large commit writes many frames and then
 * fsyncs, the kill most likely lands inside that commit or just after its fsync, but neither the harness nor the
 * child can prove it (the child cannot report while being SIGKILLed, and file times are coarse). The test asserts
 * that at least one kill came right after an observed write, and prints how many did; the exact checks then catch a
 * torn or half-applied snapshot either way.
 */
class SnapshotCommitCrashTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void keyedCount_killedWhileSnapshotsAreWritten_resumesExactly() throws Exception {
        long seed = Scenario.seed(5150);
        Scenario s = Scenario.in(dir);
        Inputs.keyValues(s.input, seed, 1_000_000, 50_000);
        List<String> expected = Expected.keyedCount(s.input);
        WalActivity wal = new WalActivity(s.recovery);

        CrashHarness.Summary summary = CrashHarness.builder(s.logs).seed(seed).kills(5)
                .delays(KillTiming.MIN_DELAY_MS + 300, KillTiming.MAX_DELAY_MS).workers(2)
                .killGate(wal, 300).build()
                .run((run, w) -> FaultJob.command("keyed-count", s.input, s.output, s.recovery, w, "50ms",
                        s.atLeastOnceOutput));
        Scenario.report("keyedCount_killedWhileSnapshotsAreWritten", summary);
        System.out.println("kills right after an observed -wal write: " + summary.killsWithGateOpen() + " of "
                + summary.kills() + " (" + wal.stats() + ")");

        OutputChecks.exactlyOnce(expected, s.output);
        OutputChecks.atLeastOnce(expected, s.atLeastOnceOutput);
        assertThat(summary.kills()).isGreaterThanOrEqualTo(4);
        assertThat(summary.killsWithGateOpen()).as("kills right after an observed write to the store").isPositive();
    }
}
