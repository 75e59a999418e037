package dev.flowstate.observe;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.RunObserver;
import dev.flowstate.RunView;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunObserverTest {
    private static final int N = 50_000;

    @TempDir
    Path dir;

    /** Records the view and the end of the run. */
    static final class Recorder implements RunObserver {
        RunView view;
        boolean finishedSeen;
        Throwable failure;

        @Override
        public void started(RunView run) {
            view = run;
        }

        @Override
        public void finished(RunView run, Throwable failure) {
            finishedSeen = true;
            this.failure = failure;
        }
    }

    private static Dataflow flow(List<Object> out) {
        List<Long> items = LongStream.range(0, N).boxed().toList();
        Dataflow flow = new Dataflow("observed");
        var evens = flow.input("numbers", new TestingSource<>(items))
                .redistribute("spread")
                .branch("split", n -> n % 2 == 0);
        evens.trues().keyOn("key", n -> Long.toString(n % 7)).countFinal("count")
                .map("format", (KeyValue<String, Long> kv) -> kv.key() + "=" + kv.value())
                .output("counts", new TestingSink<>(out));
        evens.falses().filter("drop_all", n -> false).map("never", n -> "x" + n).output("odd", new TestingSink<>(out));
        return flow;
    }

    @Test
    void afterTheRun_everyStepsCountsAreExactAcrossWorkers() {
        Recorder recorder = new Recorder();
        List<Object> out = new CopyOnWriteArrayList<>();
        Flowstate.run(flow(out), RunConfig.defaults().withWorkers(3).withObserver(recorder));

        assertThat(recorder.finishedSeen).isTrue();
        assertThat(recorder.failure).isNull();
        RunView v = recorder.view;
        assertThat(v.finished()).isTrue();
        assertThat(v.dataflowName()).isEqualTo("observed");
        assertThat(v.totalWorkers()).isEqualTo(3);
        assertThat(v.workers()).hasSize(3).allSatisfy(w -> {
            assertThat(w.ready()).isTrue();
            assertThat(w.done()).isTrue();
            assertThat(w.epoch()).isGreaterThanOrEqualTo(1);
            assertThat(w.backlog()).isZero();
        });
        Map<String, Long> in = sum(v, RunView.Step::itemsIn);
        Map<String, Long> outs = sum(v, RunView.Step::itemsOut);
        assertThat(in.get("numbers")).isEqualTo(N);
        assertThat(outs.get("numbers")).isEqualTo(N);
        assertThat(in.get("spread")).isEqualTo(N);
        assertThat(outs.get("spread")).isEqualTo(N);
        assertThat(in.get("split")).isEqualTo(N);
        assertThat(outs.get("split")).isEqualTo(N);
        assertThat(in.get("key")).isEqualTo(N / 2);
        assertThat(in.get("count")).isEqualTo(N / 2);
        assertThat(outs.get("count")).isEqualTo(7);
        assertThat(in.get("counts")).isEqualTo(7);
        assertThat(in.get("drop_all")).isEqualTo(N / 2);
        assertThat(outs.get("drop_all")).isZero();
        assertThat(in.get("never")).isZero();
        assertThat(out).hasSize(7);
        // Every step appears once per worker.
        assertThat(v.steps()).hasSize(3 * in.size());
        assertThat(v.partitions()).singleElement().satisfies(p -> {
            assertThat(p.stepId()).isEqualTo("numbers");
            assertThat(p.itemsRead()).isEqualTo(N);
            assertThat(p.position()).isEqualTo(N);
            assertThat(p.lag()).isEqualTo(-1);
        });
        assertThat(v.recovery().enabled()).isFalse();
        assertThat(v.peers()).isEmpty();
    }

    @Test
    void aMergeCountsEachInputsItemsOutSeparately() {
        Recorder recorder = new Recorder();
        Dataflow flow = new Dataflow("merged");
        var a = flow.input("a", new TestingSource<>(List.of(1, 2, 3))).map("a_plus", n -> n + 1);
        var b = flow.input("b", new TestingSource<>(List.of(10, 20))).map("b_plus", n -> n + 1);
        a.merge("both", b).output("out", new TestingSink<>(new ArrayList<>()));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(2).withObserver(recorder));

        Map<String, Long> in = sum(recorder.view, RunView.Step::itemsIn);
        Map<String, Long> outs = sum(recorder.view, RunView.Step::itemsOut);
        assertThat(outs.get("a_plus")).isEqualTo(3);
        assertThat(outs.get("b_plus")).isEqualTo(2);
        assertThat(in.get("both")).isEqualTo(5);
        assertThat(outs.get("both")).isEqualTo(5);
        assertThat(in.get("out")).isEqualTo(5);
    }

    @Test
    void withRecovery_commitsRowsBytesAndResumeAreCounted() {
        Path store = dir.resolve("store");
        Recovery.init(store, 2);
        Recorder first = new Recorder();
        RunConfig config = RunConfig.defaults().withWorkers(2).withEpochInterval(Duration.ofMillis(50))
                .withRecovery(RecoveryConfig.of(store));
        Flowstate.run(flow(new ArrayList<>()), config.withObserver(first));
        RunView.Recovery r = first.view.recovery();
        assertThat(r.enabled()).isTrue();
        assertThat(r.resumeEpoch()).isEqualTo(1);
        assertThat(r.commits()).isPositive();
        assertThat(r.snapshotRows()).isGreaterThanOrEqualTo(7); // at least every key's count once
        assertThat(r.snapshotBytes()).isGreaterThan(r.snapshotRows());
        assertThat(r.commitNanos()).isPositive();
        assertThat(r.resumeNanos()).isPositive();
        long committed = first.view.committedEpoch();
        assertThat(committed).isPositive();

        Recorder second = new Recorder();
        Flowstate.run(flow(new ArrayList<>()), config.withObserver(second));
        assertThat(second.view.recovery().resumeEpoch()).isEqualTo(committed + 1);
    }

    @Test
    void whenTheRunFails_observersAreToldWithTheFailure() {
        Recorder recorder = new Recorder();
        Dataflow flow = new Dataflow("failing");
        flow.input("numbers", new TestingSource<>(List.of(1, 2, 3)))
                .map("boom", n -> {
                    throw new IllegalStateException("no");
                })
                .output("out", new TestingSink<>(new ArrayList<>()));
        assertThatThrownBy(() -> Flowstate.run(flow, RunConfig.defaults().withObserver(recorder)))
                .isInstanceOf(DataflowException.class);
        assertThat(recorder.finishedSeen).isTrue();
        assertThat(recorder.failure).isInstanceOf(DataflowException.class);
    }

    @Test
    void metricsWithoutTheMetricsModule_failsSayingWhichDependencyToAdd() {
        Dataflow flow = new Dataflow("m");
        flow.input("in", new TestingSource<>(List.of(1))).output("out", new TestingSink<>(new ArrayList<>()));
        assertThatThrownBy(() -> Flowstate.run(flow, RunConfig.defaults().withMetricsPort(0)))
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("dev.flowstate:flowstate-metrics");
    }

    private static Map<String, Long> sum(RunView v, java.util.function.ToLongFunction<RunView.Step> f) {
        return v.steps().stream().collect(Collectors.groupingBy(RunView.Step::stepId, Collectors.summingLong(f)));
    }
}
