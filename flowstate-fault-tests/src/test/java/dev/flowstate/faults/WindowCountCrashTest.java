package dev.flowstate.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code window-count} (event-time tumbling windows per key, with late items) killed with SIGKILL several times and
 * rescaled between restarts (2, 3, 1, 2 workers): window contents, per-partition watermarks and late decisions are
 * all in the snapshots, so the exactly-once file must equal the crash-free result line for line.
 */
class WindowCountCrashTest {
    private static final long DELAY_MS = 200;
    private static final long WINDOW_MS = 1000;

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void windowCount_rescaleTwoThreeOneTwo_survivesKills() throws Exception {
        long seed = Scenario.seed(4242);
        Scenario s = Scenario.in(dir);
        List<String> expected = writeInput(s.input, seed, 150_000, 500);

        CrashHarness.Summary summary = CrashHarness.builder(s.logs).seed(seed).kills(3)
                // a crash-free run takes ~10 s here (a window closes per key about every other item), so kill later
                // than the shared KillTiming: most kills land after several committed epochs
                .delays(1_500, 6_000).workers(2, 3, 1, 2)
                .killGate(new CommittedEpochGate(s.recovery), KillTiming.GATE_MAX_WAIT_MS).build()
                .run((run, w) -> paced(FaultJob.command("window-count", s.input, s.output, s.recovery, w, "50ms", null)));
        Scenario.report("windowCount_rescale", summary);

        OutputChecks.sameLines(expected, s.output);
        assertThat(summary.kills()).isGreaterThanOrEqualTo(2);
        assertThat(summary.killsWithGateOpen()).as("kills that landed after an epoch was committed").isGreaterThanOrEqualTo(1);
    }

    /**
     * A slower pace than the other jobs' (150k lines): a run lasts seconds even on an idle machine, so the kills,
     * which wait for a committed epoch, land mid-run instead of after the end.
     */
    private static List<String> paced(List<String> command) {
        List<String> cmd = new ArrayList<>(command);
        int at = cmd.indexOf("--pace");
        cmd.set(at + 1, "20000");
        return cmd;
    }

    /**
     * Writes {@code key,time} lines with times rising 1 ms per line, most a little out of order and some far behind
     * (late); returns what a crash-free run writes, computed by brute force: one input partition, so one watermark,
     * the largest time so far minus the delay.
     */
    private static List<String> writeInput(Path file, long seed, int lines, int keys) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Long> counts = new TreeMap<>();
        List<String> expected = new ArrayList<>();
        long max = Long.MIN_VALUE;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                String key = "k" + r.nextInt(keys);
                long t = 1_000_000L + i - (r.nextInt(50) == 0 ? 400 + r.nextInt(2000) : r.nextInt(150));
                w.write(key + "," + t + "\n");
                long window = Math.floorDiv(t, WINDOW_MS);
                if (max != Long.MIN_VALUE && (window + 1) * WINDOW_MS <= max - DELAY_MS) {
                    expected.add("L," + key + "," + t);
                } else {
                    counts.merge(key + "," + window, 1L, Long::sum);
                }
                max = Math.max(max, t);
            }
        }
        counts.forEach((keyWindow, n) -> expected.add("W," + keyWindow + "," + n));
        return expected;
    }
}
