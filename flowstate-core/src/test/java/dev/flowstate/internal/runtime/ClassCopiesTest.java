package dev.flowstate.internal.runtime;

import dev.flowstate.internal.metrics.RunMetrics;
import dev.flowstate.internal.metrics.StepCounters;
import dev.flowstate.internal.metrics.WorkerCounters;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each step's metering wrapper is a class of its own, and behaves like the class it copies. */
class ClassCopiesTest {

    @Test
    void eachKeyGetsItsOwnHiddenClass_andOneKeySharesIt() {
        MeteredNodes metered = new MeteredNodes();
        WorkerCounters w0 = new WorkerCounters(0);
        WorkerCounters w1 = new WorkerCounters(1);
        Node sink = new Collect(new ArrayList<>());
        MeteredNodes.Entry a0 = metered.entry(step(w0, "a"), w0, sink);
        MeteredNodes.Entry a1 = metered.entry(step(w1, "a"), w1, sink);
        MeteredNodes.Entry b0 = metered.entry(step(w0, "b"), w0, sink);

        assertThat(a0.getClass()).isSameAs(a1.getClass());
        assertThat(a0.getClass()).isNotSameAs(b0.getClass()).isNotSameAs(MeteredEntry.class);
        assertThat(a0.getClass().isHidden()).isTrue();
        assertThat(metered.exit(step(w0, "a"), sink).getClass())
                .isNotSameAs(metered.exit(step(w0, "b"), sink).getClass());
    }

    @Test
    void aCopyCountsAndForwardsLikeTheOriginal() {
        MeteredNodes metered = new MeteredNodes();
        WorkerCounters worker = new WorkerCounters(0);
        List<Object> got = new ArrayList<>();
        StepCounters counters = step(worker, "a");
        StepCounters out = step(worker, "src");
        Node chain = metered.exit(out, metered.entry(counters, worker, new Collect(got)));

        chain.push("x");
        chain.push("y");

        assertThat(got).containsExactly("x", "y");
        assertThat(counters.in.get()).isEqualTo(2);
        assertThat(out.out.get()).isEqualTo(2);
        assertThat(worker.enter(0)).as("the worker is in no step between items").isZero();
    }

    private static final RunMetrics RUN = new RunMetrics("copies", "{}", 0, 1, 2, List.of());

    private static StepCounters step(WorkerCounters worker, String id) {
        return RUN.step(worker, id, "map");
    }

    private record Collect(List<Object> items) implements Node {
        @Override
        public void push(Object item) {
            items.add(item);
        }

        @Override
        public void control(Message.Control control) {
        }
    }
}
