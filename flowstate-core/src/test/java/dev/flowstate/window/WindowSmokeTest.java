package dev.flowstate.window;

import dev.flowstate.Dataflow;
import dev.flowstate.EventClock;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.WindowOut;
import dev.flowstate.Windower;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WindowSmokeTest {
    @Test
    void tumblingCountsAndLate() {
        for (int workers = 1; workers <= 3; workers++) {
            Dataflow flow = new Dataflow("smoke");
            List<String> out = new ArrayList<>();
            List<String> late = new ArrayList<>();
            WindowOut<String, Long, Long> w = flow.input("in", new TestingSource<>(List.of(1L, 2L, 11L, 3L, 25L, 12L, 30L)))
                    .keyOn("key", t -> "k")
                    .countWindow("count", EventClock.ofEpochMillis(t -> t, Duration.ZERO), Windower.tumbling(Duration.ofMillis(10)));
            w.down().map("f", kv -> kv.value().windowId() + "=" + kv.value().value()).output("out", new TestingSink<>(out));
            w.late().map("fl", kv -> "" + kv.value()).output("late", new TestingSink<>(late));
            Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
            assertThat(out).as("workers " + workers).containsExactly("0=2", "1=1", "2=1", "3=1");
            assertThat(late).containsExactly("3", "12");
        }
    }
}
