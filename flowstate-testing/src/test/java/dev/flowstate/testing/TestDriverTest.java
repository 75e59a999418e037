package dev.flowstate.testing;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.EventClock;
import dev.flowstate.StateAndValue;
import dev.flowstate.WindowOut;
import dev.flowstate.Windower;
import dev.flowstate.testing.TestingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(FlowstateExtension.class)
class TestDriverTest {

    /** word -> running count, as "word=count". */
    private static Dataflow runningCounts() {
        Dataflow flow = new Dataflow("running_counts");
        flow.input("words", new TestingSource<String>(List.of()))
                .keyOn("key", w -> w)
                .statefulMap("count", () -> 0L, (n, w) -> StateAndValue.of(n + 1, n + 1))
                .map("format", kv -> kv.key() + "=" + kv.value())
                .output("out", new TestingSink<>(new ArrayList<>()));
        return flow;
    }

    @Test
    void closeEpochDeliversEverythingSentBeforeIt(TestDrivers drivers) {
        TestDriver driver = drivers.start(runningCounts(), b -> b.workers(3));
        TestInput<String> words = driver.input("words");
        TestOutput<String> out = driver.output("out");

        words.send("a", "b", "a");
        assertThat(out.isEmpty()).isTrue();
        driver.closeEpoch();
        assertThat(out.readAll()).containsExactlyInAnyOrder("a=1", "b=1", "a=2");

        words.send("a");
        driver.closeEpoch();
        assertThat(out.readAll()).containsExactly("a=3");
        assertThat(out.all()).hasSize(4);
    }

    @Test
    void crashLosesNothingAndRepeatsNothing_evenOnOtherWorkerCounts(TestDrivers drivers) {
        TestDriver driver = drivers.start(runningCounts(), b -> b.workers(2).partitions("words", 3));
        TestInput<String> words = driver.input("words");
        TestOutput<String> out = driver.output("out");
        List<String> expected = new ArrayList<>();
        int[] counts = new int[5];
        int round = 0;
        for (int workers : new int[] {3, 1, 2}) {
            for (int i = 0; i < 40; i++) {
                int k = (i * 7 + round) % 5;
                words.sendTo(i % 3, List.of("k" + k));
                expected.add("k" + k + "=" + ++counts[k]);
            }
            driver.closeEpoch();
            // sent but not committed: the crash loses this epoch's progress, the restored run re-reads it
            for (int i = 0; i < 10; i++) {
                words.sendTo(i % 3, List.of("k" + (i % 5)));
                expected.add("k" + (i % 5) + "=" + ++counts[i % 5]);
            }
            driver.crashAndRestore(workers);
            round++;
        }
        words.close();
        driver.finish();
        assertThat(out.all()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void processingTimeMovesOnlyWhenTheTestSaysSo(TestDrivers drivers) {
        Dataflow flow = new Dataflow("collect_timeout");
        flow.input("in", new TestingSource<Integer>(List.of()))
                .keyOn("key", i -> "all")
                .collect("batch", 100, Duration.ofSeconds(10))
                .map("size", kv -> kv.value().size())
                .output("out", new TestingSink<>(new ArrayList<>()));
        TestDriver driver = drivers.start(flow);
        TestOutput<Integer> out = driver.output("out");
        driver.<Integer>input("in").send(IntStream.range(0, 7).boxed().toList());
        driver.advanceTime(Duration.ofSeconds(9));
        driver.closeEpoch();
        assertThat(out.readAll()).as("the timeout has not passed yet").isEmpty();

        driver.advanceTime(Duration.ofSeconds(1));
        driver.closeEpoch();
        assertThat(out.readAll()).containsExactly(7);
    }

    @Test
    void eventTimeWindowsCloseAsSentTimestampsAndTheDriversClockAdvance(TestDrivers drivers) {
        // items are epoch-millis timestamps; the watermark trails the largest by 1 s, and follows processing time
        // once a partition is quiet (wall-clock advance), which the driver's clock drives
        Dataflow flow = new Dataflow("event_time_counts");
        WindowOut<String, Long, Long> counts = flow.input("times", new TestingSource<Long>(List.of()))
                .keyOn("key", t -> "all")
                .countWindow("count", EventClock.ofEpochMillis((Long t) -> t, Duration.ofSeconds(1)).withWallClockAdvance(),
                        Windower.tumbling(Duration.ofSeconds(10)).alignTo(Instant.EPOCH));
        counts.down().map("format", kv -> kv.value().windowId() + ":" + kv.value().value())
                .output("out", new TestingSink<>(new ArrayList<>()));
        TestDriver driver = drivers.start(flow, b -> b.workers(2).startTime(Instant.ofEpochMilli(100_000)));
        TestInput<Long> times = driver.input("times");
        TestOutput<String> out = driver.output("out");

        times.send(100_000L, 101_000L, 109_000L);
        driver.closeEpoch();
        assertThat(out.readAll()).as("watermark 108 s: window [100 s, 110 s) still open").isEmpty();

        times.send(111_500L);                   // watermark 110.5 s: the window closes
        driver.closeEpoch();
        assertThat(out.readAll()).containsExactly("10:3");

        driver.advanceTime(Duration.ofSeconds(30)); // nothing more arrives: processing time carries the watermark on
        driver.closeEpoch();
        assertThat(out.readAll()).containsExactly("11:1");
    }

    @Test
    void finishRunsEndOfInput(TestDrivers drivers) {
        Dataflow flow = new Dataflow("final_counts");
        flow.input("words", new TestingSource<String>(List.of()))
                .keyOn("key", w -> w)
                .countFinal("count")
                .map("format", kv -> kv.key() + "=" + kv.value())
                .output("out", new TestingSink<>(new ArrayList<>()));
        TestDriver driver = drivers.start(flow, b -> b.workers(2));
        driver.<String>input("words").send("x", "y", "x");
        driver.closeEpoch();
        driver.crashAndRestore();
        driver.finish();
        assertThat(driver.<String>output("out").all()).containsExactlyInAnyOrder("x=2", "y=1");
    }

    @Test
    void aFailingStepFailsTheCallThatWaits(TestDrivers drivers) {
        Dataflow flow = new Dataflow("failing");
        flow.input("in", new TestingSource<Integer>(List.of()))
                .map("divide", i -> 10 / i)
                .output("out", new TestingSink<>(new ArrayList<>()));
        TestDriver driver = drivers.start(flow);
        driver.<Integer>input("in").send(0);
        assertThatThrownBy(driver::closeEpoch)
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("divide");
    }

    @Test
    void unknownStepsAreNamed(TestDrivers drivers) {
        TestDriver driver = drivers.start(runningCounts());
        assertThatThrownBy(() -> driver.input("nope")).hasMessageContaining("nope").hasMessageContaining("words");
        assertThatThrownBy(() -> TestDriver.builder(runningCounts()).partitions("nope", 2).start())
                .hasMessageContaining("no input step 'nope'");
    }
}
