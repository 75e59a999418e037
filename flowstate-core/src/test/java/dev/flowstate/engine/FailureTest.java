package dev.flowstate.engine;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.flowstate.engine.EngineTestSupport.generated;
import static dev.flowstate.engine.EngineTestSupport.sink;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class FailureTest {

    @Test
    void whenAMapperThrowsOnOneOfFourWorkers_allStopPromptlyWithStepWorkerAndCause() {
        Dataflow flow = new Dataflow("fails");
        AtomicInteger seenOnWorker2 = new AtomicInteger();
        // Endless input on every worker: the run can only end through the failure.
        flow.input("in", generated(Long.MAX_VALUE, i -> i))
                .inspectDebug("watch", (step, item, epoch, worker) -> {
                    if (worker == 2 && seenOnWorker2.incrementAndGet() == 5_000) {
                        throw new IllegalStateException("boom at item " + item);
                    }
                })
                .keyOn("key", i -> i % 100)
                .countFinal("count")
                .output("out", sink(items -> { }));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> Flowstate.run(flow, RunConfig.defaults().withWorkers(4)))
                        .isInstanceOf(DataflowException.class)
                        .hasMessageContaining("step 'watch'")
                        .hasMessageContaining("worker 2")
                        .hasMessageContaining("boom at item 4999")
                        .satisfies(e -> {
                            DataflowException de = (DataflowException) e;
                            assertThat(de.stepId()).isEqualTo("watch");
                            assertThat(de.workerIndex()).isEqualTo(2);
                            assertThat(de.getCause()).isInstanceOf(IllegalStateException.class);
                        }));
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("flowstate-worker") && t.isAlive());
    }

    @Test
    void whenAStatefulStepThrows_theErrorNamesThatStep() {
        Dataflow flow = new Dataflow("fails_stateful");
        flow.input("in", generated(10_000, i -> i))
                .keyOn("key", i -> i % 10)
                .statefulMap("explode", () -> 0, (n, i) -> {
                    if (i == 7_777) {
                        throw new ArithmeticException("bad value " + i);
                    }
                    return dev.flowstate.StateAndValue.of(n + 1, n);
                })
                .output("out", sink(items -> { }));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertThatThrownBy(() -> Flowstate.run(flow, RunConfig.defaults().withWorkers(3)))
                        .isInstanceOf(DataflowException.class)
                        .hasMessageContaining("step 'explode'")
                        .hasMessageContaining("bad value 7777"));
    }

    @Test
    void whenASinkThrows_runMainFailsWithTheSinkStep() {
        Dataflow flow = new Dataflow("fails_sink");
        flow.input("in", generated(100, i -> i)).output("broken_sink", sink(items -> {
            throw new IllegalArgumentException("disk full");
        }));
        assertThatThrownBy(() -> Flowstate.runMain(flow))
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("step 'broken_sink'")
                .hasMessageContaining("disk full");
    }
}
