package dev.flowstate.recovery;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAndValue;
import dev.flowstate.io.FileSink;
import dev.flowstate.io.FileSource;
import dev.flowstate.io.ManualInput;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Crash and resume inside one JVM: a TestingSource ABORT marker makes the run fail mid-stream (as a crash would),
 * and the next run with the same store must end exactly as a run without crash. Where epochs close depends on
 * timing; the assertions hold wherever they close.
 */
class RecoveryTest {
    @TempDir
    Path dir;
    Path store;

    @BeforeEach
    void initStore() {
        store = dir.resolve("store");
        Recovery.init(store, 3);
    }

    private RunConfig config(int workers) {
        return RunConfig.defaults().withWorkers(workers).withEpochInterval(Duration.ofMillis(5))
                .withRecovery(RecoveryConfig.of(store));
    }

    /** Items "key-i"; a running count per key is written to a FileSink as "key,count". */
    private static Dataflow runningCount(TestingSource<String> source, Path out) {
        Dataflow flow = new Dataflow("running_count");
        flow.input("in", source)
                .inspect("slow", i -> LockSupport.parkNanos(20_000))
                .keyOn("key", s -> s.substring(0, s.indexOf('-')))
                .statefulMap("count", () -> 0, (n, s) -> StateAndValue.of(n + 1, n + 1))
                .map("format", kv -> kv.key() + "," + kv.value())
                .output("out", new FileSink<>(out));
        return flow;
    }

    private static List<Object> items(int n, int keys) {
        List<Object> items = new ArrayList<>();
        IntStream.range(0, n).forEach(i -> items.add("k" + (i % keys) + "-" + i));
        return items;
    }

    private static Map<String, List<Integer>> countsPerKey(List<String> lines) {
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (String line : lines) {
            String[] p = line.split(",");
            byKey.computeIfAbsent(p[0], k -> new ArrayList<>()).add(Integer.parseInt(p[1]));
        }
        return byKey;
    }

    private static void assertExactRunningCounts(Path out, int n, int keys) throws IOException {
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(n);
        Map<String, List<Integer>> byKey = countsPerKey(lines);
        assertThat(byKey).hasSize(keys);
        byKey.forEach((k, counts) -> assertThat(counts).as("counts of " + k)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, n / keys).boxed().toList()));
    }

    @Test
    void afterACrash_resumeEndsWithExactStateAndExactlyOnceFileOutput() throws IOException {
        List<Object> items = items(2000, 20);
        items.add(1300, TestingSource.ABORT);
        TestingSource<String> source = TestingSource.withMarkers(items, 10);
        Path out = dir.resolve("out.txt");
        assertThatThrownBy(() -> Flowstate.run(runningCount(source, out), config(2)))
                .isInstanceOf(DataflowException.class).hasRootCauseInstanceOf(TestingSource.AbortException.class);
        assertThat(Recovery.inspect(store).resumeEpoch()).as("epochs committed before the crash").isGreaterThan(1);
        Flowstate.run(runningCount(source, out), config(2));
        assertExactRunningCounts(out, 2000, 20);
    }

    @Test
    void resumingWithOtherWorkerCounts_movesStateWithItsKeys() throws IOException {
        List<Object> items = items(3000, 30);
        items.add(2200, TestingSource.ABORT);
        items.add(1000, TestingSource.ABORT);
        TestingSource<String> source = TestingSource.withMarkers(items, 10);
        Path out = dir.resolve("out.txt");
        assertThatThrownBy(() -> Flowstate.run(runningCount(source, out), config(2))).isInstanceOf(DataflowException.class);
        long firstResume = Recovery.inspect(store).resumeEpoch();
        assertThatThrownBy(() -> Flowstate.run(runningCount(source, out), config(3))).isInstanceOf(DataflowException.class);
        assertThat(Recovery.inspect(store).resumeEpoch()).isGreaterThan(firstResume).isGreaterThan(1);
        Flowstate.run(runningCount(source, out), config(1));
        assertExactRunningCounts(out, 3000, 30);
        assertThat(Recovery.inspect(store).executions()).extracting(RecoveryReport.ExecutionInfo::workerCount)
                .containsExactly(2, 3, 1);
    }

    @Test
    void aFinishedRunContinuesAfterWhatItReadWhenTheFileGrew() throws IOException {
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        Files.write(in, List.of("a", "b", "a"));
        Dataflow flow = countLines(in, out);
        Flowstate.run(flow, config(2));
        assertThat(Files.readAllLines(out)).containsExactlyInAnyOrder("a,1", "b,1", "a,2");
        Files.write(in, List.of("a", "b", "a", "c", "a"));
        Flowstate.run(countLines(in, out), config(1));
        assertThat(Files.readAllLines(out)).containsExactlyInAnyOrder("a,1", "b,1", "a,2", "c,1", "a,3");
        Flowstate.run(countLines(in, out), config(3));
        assertThat(Files.readAllLines(out)).hasSize(5);
    }

    private static Dataflow countLines(Path in, Path out) {
        Dataflow flow = new Dataflow("lines");
        flow.input("in", new FileSource(in))
                .keyOn("key", l -> l)
                .statefulMap("count", () -> 0, (n, l) -> StateAndValue.of(n + 1, n + 1))
                .map("format", kv -> kv.key() + "," + kv.value())
                .output("out", new FileSink<>(out));
        return flow;
    }

    @Test
    void aRemovedStatefulStep_isRefusedWithItsName() {
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        writeQuietly(in, List.of("a", "b"));
        Flowstate.run(countLines(in, out), config(1));
        Dataflow renamed = new Dataflow("lines");
        renamed.input("in", new FileSource(in))
                .keyOn("key", l -> l)
                .statefulMap("count_renamed", () -> 0, (n, l) -> StateAndValue.of(n + 1, n + 1))
                .map("format", kv -> kv.key() + "," + kv.value())
                .output("out", new FileSink<>(out));
        assertThatThrownBy(() -> Flowstate.run(renamed, config(1))).isInstanceOf(DataflowException.class)
                .hasMessageContaining("count").hasMessageContaining(store.toString());
        assertThat(Recovery.inspect(store).executions()).as("a refused run records nothing").hasSize(1);
    }

    @Test
    void manualInput_resumesFromTheStateItLastYielded() {
        boolean[] crash = {true};
        ManualInput<Integer> input = ManualInput.of((worker, workers, resume) -> {
            int start = resume == null ? 0 : (Integer) resume;
            return new Iterator<ManualInput.Resumable<Integer>>() {
                private int next = start;

                public boolean hasNext() {
                    return next < 500;
                }

                public ManualInput.Resumable<Integer> next() {
                    if (next == 350 && crash[0]) {
                        crash[0] = false;
                        throw new IllegalStateException("crash at 350");
                    }
                    LockSupport.parkNanos(20_000);
                    int item = next++;
                    return new ManualInput.Resumable<>(next, item);
                }
            };
        });
        List<KeyValue<String, Integer>> sums = new ArrayList<>();
        Dataflow flow2 = new Dataflow("manual");
        flow2.input("in", input)
                .keyOn("key", i -> "all")
                .statefulMap("sum", () -> 0, (s, i) -> StateAndValue.of(s + i, s + i))
                .output("out", new TestingSink<>(sums));
        assertThatThrownBy(() -> Flowstate.run(flow2, config(1))).hasMessageContaining("crash at 350");
        Flowstate.run(flow2, config(1));
        // At-least-once output, exact state: the last sum is the sum of 0..499 exactly once.
        assertThat(sums.get(sums.size() - 1).value()).isEqualTo(IntStream.range(0, 500).sum());
    }

    @Test
    void aManualInputRescaleIsRefusedWithoutRecordingAnything() {
        ManualInput<Integer> input = ManualInput.of((worker, workers, resume) -> List.of(
                new ManualInput.Resumable<>(1, worker)).iterator());
        List<KeyValue<String, Integer>> sums = new ArrayList<>();
        Dataflow flow = new Dataflow("manual_rescale");
        flow.input("in", input).keyOn("key", i -> "all")
                .statefulMap("sum", () -> 0, (s, i) -> StateAndValue.of(s + i, s + i))
                .output("out", new TestingSink<>(sums));
        Flowstate.run(flow, config(1));
        assertThatThrownBy(() -> Flowstate.run(flow, config(2))).isInstanceOf(DataflowException.class)
                .hasMessageContaining("1 workers").hasMessageContaining("ManualInput");
        assertThatThrownBy(() -> Flowstate.run(flow, config(2))).isInstanceOf(DataflowException.class);
        assertThat(Recovery.inspect(store).executions()).hasSize(1);
        Flowstate.run(flow, config(1));
        assertThat(Recovery.inspect(store).executions()).hasSize(2);
    }

    private static void writeQuietly(Path p, List<String> lines) {
        try {
            Files.write(p, lines);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
