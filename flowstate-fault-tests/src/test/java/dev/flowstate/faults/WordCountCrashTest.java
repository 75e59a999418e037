package dev.flowstate.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped WordCount example, run the way a user runs it ({@code flowstate run ... -w 2 -r DIR -s 100ms}),
 * killed repeatedly and resumed: its file must list each word once with its crash-free count.
 */
class WordCountCrashTest {
    static final String CLI_MAIN = "dev.flowstate.cli.Main";

    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void wordCount_twoWorkers_survivesRepeatedKills() throws Exception {
        long seed = Scenario.seed(31337);
        Scenario s = Scenario.in(dir);
        Inputs.words(s.input, seed, 500_000, 20_000);
        Map<String, Long> expected = Expected.wordCount(s.input);
        boolean viaCli = cliOnClassPath();

        CrashHarness.Summary summary = CrashHarness.builder(s.logs).seed(seed).kills(3)
                .delays(KillTiming.MIN_DELAY_MS, KillTiming.MAX_DELAY_MS).workers(2)
                .killGate(new CommittedEpochGate(s.recovery), KillTiming.GATE_MAX_WAIT_MS).build()
                .run((run, w) -> command(viaCli, w, s));
        Scenario.report("wordCount_twoWorkers (" + (viaCli ? "flowstate run" : "WordCountJob") + ")", summary);

        OutputChecks.counts(expected, s.output, "\t");
        assertThat(summary.kills()).isGreaterThanOrEqualTo(2);
    }

    private static List<String> command(boolean viaCli, int workers, Scenario s) {
        List<String> cmd = new ArrayList<>(viaCli
                ? List.of(CLI_MAIN, "run", "dev.flowstate.examples.WordCount", "-w", Integer.toString(workers),
                "-r", s.recovery.toString(), "-s", "100ms")
                : List.of(WordCountJob.class.getName(), Integer.toString(workers), s.recovery.toString(), "100ms"));
        cmd.addAll(List.of("--", "--input", s.input.toString(), "--output", s.output.toString()));
        return cmd;
    }

    private static boolean cliOnClassPath() {
        try {
            Class.forName(CLI_MAIN, false, WordCountCrashTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
