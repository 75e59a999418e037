package dev.flowstate.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eof-count} (a user logic emitting per key in {@code onEof}, keeping its state) with collection and UUID
 * keys, killed with SIGKILL and rescaled, then run to the end and run again over the finished store: the
 * exactly-once file must hold each key's line exactly once (no second {@code onEof} after a resume or a rerun, and
 * one state per collection key however often it was saved and restored).
 */
class EofCountCrashTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void listKeys_killedAndRescaled_emitOnEofOnce() throws Exception {
        crashAndCheck("list", 515, 3, 2, 3, 1, 2);
    }

    @Test
    @Timeout(900)
    void uuidKeys_killedAndRescaled_thenRerunTwice_emitOnEofOnce() throws Exception {
        Path output = crashAndCheck("uuid", 616, 2, 3, 1, 2);
        Scenario s = Scenario.reuse(dir);
        // Two more runs over the finished store (delays far beyond the run time): nothing new, nothing changes.
        byte[] finished = Files.readAllBytes(output);
        CrashHarness.Summary again = CrashHarness.builder(s.logs.resolve("rerun")).seed(1).kills(1).delays(60_000, 60_000)
                .workers(3, 1).build()
                .run((run, w) -> command(s, w, "uuid"));
        assertThat(again.finishedBeforeKill()).isEqualTo(1);
        assertThat(Files.readAllBytes(output)).as("reruns over the finished store change nothing").isEqualTo(finished);
    }

    private Path crashAndCheck(String keyType, long fixedSeed, int kills, int... workers) throws Exception {
        long seed = Scenario.seed(fixedSeed);
        Scenario s = Scenario.in(dir);
        Inputs.keyValues(s.input, seed, 1_000_000, 5_000);
        List<String> expected = Expected.eofCount(s.input, keyType);

        CrashHarness.Summary summary = CrashHarness.builder(s.logs).seed(seed).kills(kills)
                .delays(KillTiming.MIN_DELAY_MS, KillTiming.MAX_DELAY_MS).workers(workers)
                .killGate(new CommittedEpochGate(s.recovery), KillTiming.GATE_MAX_WAIT_MS).build()
                .run((run, w) -> command(s, w, keyType));
        Scenario.report("eofCount_" + keyType, summary);

        List<String> lines = new ArrayList<>(Files.readAllLines(s.output));
        lines.sort(null);
        assertThat(lines).as("each key's onEof line exactly once").isEqualTo(expected);
        return s.output;
    }

    private static List<String> command(Scenario s, int workers, String keyType) {
        List<String> cmd = FaultJob.command("eof-count", s.input, s.output, s.recovery, workers, "50ms", null);
        cmd.add("--key-type");
        cmd.add(keyType);
        return cmd;
    }
}
