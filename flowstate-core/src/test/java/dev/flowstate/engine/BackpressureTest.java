package dev.flowstate.engine;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static dev.flowstate.engine.EngineTestSupport.generated;
import static dev.flowstate.engine.EngineTestSupport.sink;
import static org.assertj.core.api.Assertions.assertThat;

class BackpressureTest {

    @Test
    void aSourceFarFasterThanItsSink_keepsTheItemsInFlightBounded() {
        int workers = 4;
        long perWorker = 2_000_000;
        AtomicLong produced = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        AtomicLong maxInFlight = new AtomicLong();
        Dataflow flow = new Dataflow("pressure");
        flow.input("in", generated(perWorker, i -> i))
                .inspect("count_in", i -> produced.incrementAndGet())
                .redistribute("shuffle")
                .keyOn("key", i -> i % 1000)
                .mapValue("slow", i -> slowWork(i))
                .output("out", sink(items -> {
                    long done = consumed.addAndGet(items.size());
                    maxInFlight.accumulateAndGet(produced.get() - done, Math::max);
                }));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
        assertThat(consumed.get()).isEqualTo(workers * perWorker);
        // One exchange (redistribute): channels between distinct workers hold at most 128 batches of 1024 items
        // (GraphBuilder); each worker may hold one more batch per destination, and a round's source batch.
        long bound = (long) workers * (workers - 1) * 128 * 1024 + (long) workers * workers * 2 * 1024;
        assertThat(bound).as("the bound must be far below the input, or the test proves nothing")
                .isLessThan(workers * perWorker / 4);
        assertThat(maxInFlight.get()).isLessThan(bound);
        System.out.println("max items in flight: " + maxInFlight.get() + " of " + workers * perWorker + " (bound " + bound + ")");
    }

    private static long slowWork(int i) {
        long h = i;
        for (int k = 0; k < 200; k++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
        }
        return h;
    }
}
