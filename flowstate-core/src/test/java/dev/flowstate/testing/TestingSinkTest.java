package dev.flowstate.testing;

import dev.flowstate.io.SinkPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TestingSinkTest {

    @Test
    void whenBatchesAreWritten_appendsItemsInOrderToTheCallersList() throws Exception {
        List<String> out = new ArrayList<>();
        SinkPartition<String, ?> p = new TestingSink<>(out).buildForWorker(0, 1);
        p.writeBatch(List.of("a", "b"));
        p.writeBatch(List.of("c"));
        assertThat(p.snapshot()).isNull();
        assertThat(out).containsExactly("a", "b", "c");
    }

    @Test
    void acceptsAListOfASupertype() throws Exception {
        List<Object> out = new ArrayList<>();
        new TestingSink<Integer>(out).buildForWorker(0, 1).writeBatch(List.of(1, 2));
        assertThat(out).containsExactly(1, 2);
    }

    @Test
    void whenWorkersWriteConcurrentlyToAPlainArrayList_noItemIsLostAndBatchesStayTogether() throws Exception {
        List<Integer> out = new ArrayList<>();
        TestingSink<Integer> sink = new TestingSink<>(out);
        int workers = 4;
        int batches = 500;
        int batchSize = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                SinkPartition<Integer, ?> p = sink.buildForWorker(w, workers);
                int base = w * batches * batchSize;
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int b = 0; b < batches; b++) {
                        int from = base + b * batchSize;
                        p.writeBatch(IntStream.range(from, from + batchSize).boxed().toList());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(out).hasSize(workers * batches * batchSize).doesNotHaveDuplicates();
        for (int i = 0; i < out.size(); i += batchSize) {
            int first = out.get(i);
            assertThat(first % batchSize).isZero();
            for (int j = 1; j < batchSize; j++) {
                assertThat(out.get(i + j)).isEqualTo(first + j);
            }
        }
    }
}
