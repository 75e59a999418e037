package dev.flowstate.engine;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.io.DynamicSink;
import dev.flowstate.io.SinkPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static dev.flowstate.engine.EngineTestSupport.generated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A worker stuck in a blocking call (a connector waiting on a dead server) must not keep the run from failing: the
 * run reports the other worker's error within a bound (stop grace + interrupt grace, 3 s + 3 s by default).
 */
class StuckWorkerTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void whenASinkBlocksUninterruptiblyOnOneWorker_theOtherWorkersFailureIsReportedWithinTheBound() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        try {
            assertFailsInTime(release, () -> {
                // Ignores interrupts: only the test's release ends it, like a client looping on a dead socket.
                while (!release.get()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                }
            });
        } finally {
            release.set(true);
        }
    }

    @Test
    void whenASinkBlocksInterruptibly_theInterruptEndsItAndTheFailureIsReported() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        assertFailsInTime(new AtomicBoolean(), () -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while blocked", e);
            }
        });
    }

    private static void assertFailsInTime(AtomicBoolean released, Runnable block) throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        Dataflow flow = new Dataflow("stuck");
        flow.input("in", generated(Long.MAX_VALUE, i -> i))
                .map("fail-once-stuck", (Integer i) -> {
                    if (blocked.getCount() == 0 && i > 1000) {
                        throw new IllegalStateException("boom while the other worker is stuck");
                    }
                    return i;
                })
                .output("out", blockingOnWorker0(blocked, block));
        long start = System.nanoTime();
        assertTimeoutPreemptively(BOUND.plusSeconds(10), () ->
                assertThatThrownBy(() -> Flowstate.run(flow, RunConfig.defaults().withWorkers(2)))
                        .isInstanceOf(DataflowException.class)
                        .hasMessageContaining("boom while the other worker is stuck"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("stuck worker: the run failed after " + took.toMillis() + " ms");
        assertThat(took).isLessThan(BOUND);
        assertThat(released.get()).isFalse();
    }

    /** Worker 0's sink blocks in {@code block} on its first write; worker 1's sink accepts everything. */
    private static DynamicSink<Integer> blockingOnWorker0(CountDownLatch blocked, Runnable block) {
        return (worker, count) -> new SinkPartition<Integer, Object>() {
            @Override
            public void writeBatch(List<Integer> items) {
                if (worker == 0) {
                    blocked.countDown();
                    block.run();
                }
            }

            @Override
            public Object snapshot() {
                return null;
            }
        };
    }
}
