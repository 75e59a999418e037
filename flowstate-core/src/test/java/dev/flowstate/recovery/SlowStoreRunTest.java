package dev.flowstate.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.RunObserver;
import dev.flowstate.RunView;
import dev.flowstate.StateAndValue;
import dev.flowstate.internal.recovery.FaultyBackendProvider;
import dev.flowstate.io.FileSink;
import dev.flowstate.io.FileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With recovery on, the epoch interval is a minimum: while a worker's snapshot is still being written, its open
 * epoch stays open and items keep flowing, instead of the worker closing epoch after epoch and parking behind a
 * store slower than the interval. Shown with a store whose second write is held until the test lets it go.
 */
class SlowStoreRunTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void whileASnapshotIsHeld_itemsKeepFlowing_andNoWorkerRunsAheadByEpochs() throws Exception {
        Path store = dir.resolve("store");
        Recovery.init(store, 2);
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            lines.add("k" + (i % 10));
        }
        Files.write(in, lines);
        FaultyBackendProvider.Hold hold = FaultyBackendProvider.newHold();
        AtomicReference<RunView> view = new AtomicReference<>();
        RunConfig config = RunConfig.defaults().withWorkers(2).withEpochInterval(Duration.ofMillis(5))
                .withRecovery(RecoveryConfig.of("faulty://" + store.toAbsolutePath() + "?holdAfter=1"))
                .withObserver(new RunObserver() {
                    @Override
                    public void started(RunView run) {
                        view.set(run);
                    }
                });
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> Flowstate.run(slowCount(in, out), config));
        try {
            assertThat(hold.awaitHeld(BOUND)).as("a write was held within %s", BOUND).isTrue();
            long heldEpoch = hold.newestEpoch();
            // Input goes on being read although the last snapshot is not durable yet. Read, not counted: what the
            // stateful step counts right after the hold may be items already in the exchange channels.
            long read = itemsIn(view.get(), "slow");
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (itemsIn(view.get(), "slow") < read + 2000 && !run.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(5); // poll interval of a bounded wait for a condition
            }
            assertThat(itemsIn(view.get(), "slow")).as("items read while the store held epoch %d", heldEpoch)
                    .isGreaterThanOrEqualTo(read + 2000);
            // One epoch open after the one being written; a worker whose own snapshot was already durable may be
            // one further, with its next snapshot queued behind the held one. Never more.
            for (RunView.Worker w : view.get().workers()) {
                assertThat(w.epoch()).as("epoch of worker %d while epoch %d is held", w.index(), heldEpoch)
                        .isLessThanOrEqualTo(heldEpoch + 2);
            }
        } finally {
            hold.release();
        }
        run.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        Map<String, Long> last = new HashMap<>();
        for (String l : Files.readAllLines(out)) {
            String[] p = l.split(",");
            last.merge(p[0], Long.parseLong(p[1]), Math::max);
        }
        assertThat(last).hasSize(10).allSatisfy((k, v) -> assertThat(v).isEqualTo(4000));
    }

    private static long itemsIn(RunView view, String stepId) {
        return view.steps().stream().filter(s -> s.stepId().equals(stepId)).mapToLong(RunView.Step::itemsIn).sum();
    }

    private static Dataflow slowCount(Path in, Path out) {
        Dataflow flow = new Dataflow("lines");
        flow.input("in", new FileSource(in))
                .inspect("slow", i -> java.util.concurrent.locks.LockSupport.parkNanos(20_000))
                .keyOn("key", l -> l)
                .statefulMap("count", () -> 0, (n, l) -> StateAndValue.of(n + 1, n + 1))
                .map("format", kv -> kv.key() + "," + kv.value())
                .output("out", new FileSink<>(out));
        return flow;
    }
}
