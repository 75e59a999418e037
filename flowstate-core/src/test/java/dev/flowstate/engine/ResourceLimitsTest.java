package dev.flowstate.engine;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An unreasonable worker count is refused before anything runs; running out of memory is one line. */
class ResourceLimitsTest {
    private static Dataflow counting(java.util.function.Function<Integer, Integer> step) {
        Dataflow flow = new Dataflow("limits");
        flow.input("in", new TestingSource<>(List.of(1, 2, 3)))
                .map("step", step::apply)
                .keyOn("key", i -> i)
                .countFinal("count")
                .output("out", new TestingSink<>(new ArrayList<>()));
        return flow;
    }

    @Test
    void aHugeWorkerCount_isRefusedWithALimitAndWhatToDo() {
        for (int workers : new int[]{100_000, 5_000}) {
            assertThatThrownBy(() -> Flowstate.run(counting(i -> i), RunConfig.defaults().withWorkers(workers)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(workers + " workers are too many")
                    .hasMessageContaining("use at most").hasMessageContaining("-Xmx")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void anOutOfMemoryError_endsTheRunWithOneLineSayingWhatToDo() {
        assertThatThrownBy(() -> Flowstate.run(counting(i -> {
            throw new OutOfMemoryError("Java heap space");
        }), RunConfig.defaults().withWorkers(2)))
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("ran out of memory (Java heap space)").hasMessageContaining("-Xmx")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
