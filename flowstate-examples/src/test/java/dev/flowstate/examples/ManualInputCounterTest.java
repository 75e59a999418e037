package dev.flowstate.examples;

import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManualInputCounterTest {
    private static final int LINES = 10000;
    private static final int KEYS = 5;

    @TempDir
    Path dir;

    @Test
    void writesTheRunningTotalOfEachKeyForEveryLine() {
        Path in = ExampleRuns.write(dir, "sales.csv", "north,120", "south,80", "", "north,45", "east,200");
        Path out = dir.resolve("out.tsv");

        ExampleRuns.run(ManualInputCounter.flow(new String[]{"--input", in.toString(), "--output", out.toString()}), 1);

        assertThat(ExampleRuns.lines(out)).containsExactly("north\t120", "south\t80", "north\t165", "east\t200");
    }

    @Test
    void theSampleDataGivesTheDocumentedTotals() {
        Path out = dir.resolve("out.tsv");
        ExampleRuns.run(ManualInputCounter.flow(new String[]{
                "--input", sampleData().toString(), "--output", out.toString()}), 1);
        assertThat(ExampleRuns.lines(out)).containsExactly("north\t120", "south\t80", "north\t165", "east\t200",
                "south\t100", "north\t200", "east\t215", "west\t60", "south\t200", "north\t210");
    }

    /** One worker: the crashed-and-resumed output file is byte for byte the output of a run without crash. */
    @Test
    void afterACrashMidway_theResumedRunWritesExactlyTheCrashFreeOutput() throws IOException {
        Path in = generatedInput();
        Path expected = dir.resolve("expected.tsv");
        ExampleRuns.run(ManualInputCounter.flow(new String[]{"--input", in.toString(), "--output", expected.toString()}), 1);

        Path out = dir.resolve("out.tsv");
        Path store = crashThenResume(in, out, 1);

        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(expected));
        assertThat(Recovery.inspect(store).executions()).hasSize(2);
    }

    /**
     * Two workers: lines of one key come from both workers' inputs, so the order in which a key's totals grow may
     * differ between runs; the exact facts are one output line per input line, strictly growing totals per key
     * (no replayed duplicates) and the exact final totals.
     */
    @Test
    void afterACrashMidwayOnTwoWorkers_everyLineIsCountedExactlyOnce() throws IOException {
        Path in = generatedInput();
        Path out = dir.resolve("out.tsv");

        crashThenResume(in, out, 2);

        List<String> lines = ExampleRuns.lines(out);
        assertThat(lines).hasSize(LINES);
        Map<String, List<String>> byKey = ExampleRuns.byKey(lines);
        assertThat(byKey).hasSize(KEYS);
        for (int k = 0; k < KEYS; k++) {
            int key = k;
            List<Long> totals = byKey.get("store" + k).stream().map(Long::parseLong).toList();
            assertThat(totals).hasSize(LINES / KEYS).isSorted().doesNotHaveDuplicates();
            long expectedTotal = IntStream.rangeClosed(1, LINES).filter(i -> i % KEYS == key).asLongStream().sum();
            assertThat(totals.get(totals.size() - 1)).as("final total of store%d", k).isEqualTo(expectedTotal);
        }
    }

    @Test
    void resumingWithAnotherWorkerCount_isRefused() {
        Path in = ExampleRuns.write(dir, "sales.csv", "north,1", "south,2");
        Path out = dir.resolve("out.tsv");
        Path store = dir.resolve("store");
        Recovery.init(store, 1);
        String[] args = {"--input", in.toString(), "--output", out.toString()};
        Flowstate.run(ManualInputCounter.flow(args), config(store, 2));

        assertThatThrownBy(() -> Flowstate.run(ManualInputCounter.flow(args), config(store, 3)))
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("step 'lines'")
                .hasMessageContaining("can only resume with 2 workers");
    }

    @Test
    void badArguments_sayWhatIsWrong() {
        assertThatThrownBy(() -> ManualInputCounter.flow(new String[]{"--input", "i", "--output", "o", "--crash-at", "0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--crash-at must be a whole number >= 1, got '0'");
        assertThatThrownBy(() -> ManualInputCounter.flow(new String[]{"--input", "i"}))
                .hasMessageStartingWith("missing --output");
    }

    /**
     * Runs with a crash at line 9000 (after a few epochs were saved: 20 µs per line, 5 ms epochs, and the input
     * hands over at most 1000 lines per batch), checks that the store resumes past the start, then resumes.
     */
    private Path crashThenResume(Path in, Path out, int workers) {
        Path store = dir.resolve("store");
        Recovery.init(store, 2);
        List<String> args = new ArrayList<>(List.of("--input", in.toString(), "--output", out.toString(),
                "--delay-us", "20"));
        List<String> crashing = new ArrayList<>(args);
        crashing.addAll(List.of("--crash-at", "9000"));

        assertThatThrownBy(() -> Flowstate.run(ManualInputCounter.flow(crashing.toArray(String[]::new)),
                config(store, workers)))
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("step 'lines'")
                .hasMessageContaining("simulated crash at line 9000");
        assertThat(Recovery.inspect(store).resumeEpoch()).as("epochs saved before the crash").isGreaterThan(1);

        Flowstate.run(ManualInputCounter.flow(args.toArray(String[]::new)), config(store, workers));
        return store;
    }

    private static RunConfig config(Path store, int workers) {
        return RunConfig.defaults().withWorkers(workers).withEpochInterval(Duration.ofMillis(5))
                .withRecovery(RecoveryConfig.of(store));
    }

    /** Lines {@code store<i % 5>,<i>} for i = 1..10000. */
    private Path generatedInput() {
        return ExampleRuns.write(dir, "sales.csv",
                IntStream.rangeClosed(1, LINES).mapToObj(i -> "store" + (i % KEYS) + "," + i).toArray(String[]::new));
    }

    /** examples/data/sales.csv, found from the module directory or the repository root. */
    private static Path sampleData() {
        Path fromModule = Path.of("..", "examples", "data", "sales.csv");
        return Files.exists(fromModule) ? fromModule : Path.of("examples", "data", "sales.csv");
    }
}
