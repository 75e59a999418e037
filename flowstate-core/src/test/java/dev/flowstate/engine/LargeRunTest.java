package dev.flowstate.engine;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.io.DynamicSink;
import dev.flowstate.io.ManualInput;
import dev.flowstate.io.SinkPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LargeRunTest {
    static <T> DynamicSink<T> collect(List<T> out) {
        return (w, n) -> new SinkPartition<T, Object>() {
            public void writeBatch(List<T> items) {
                synchronized (out) {
                    out.addAll(items);
                }
            }

            public Object snapshot() {
                return null;
            }
        };
    }

    @Test
    void millionItemsOnOneTwoAndFourWorkers_giveExactPerKeyCounts() {
        for (int workers : new int[]{1, 2, 4}) {
            int total = 1_000_000;
            Dataflow flow = new Dataflow("large");
            List<KeyValue<String, Long>> out = Collections.synchronizedList(new ArrayList<>());
            flow.input("in", ManualInput.<Integer>of((w, n, state) -> {
                        int start = state == null ? w : (Integer) state;
                        Iterator<Integer> it = IntStream.iterate(start, i -> i < total, i -> i + n).iterator();
                        return new Iterator<>() {
                            public boolean hasNext() {
                                return it.hasNext();
                            }

                            public ManualInput.Resumable<Integer> next() {
                                int i = it.next();
                                return new ManualInput.Resumable<>(i + n, i);
                            }
                        };
                    }))
                    .keyOn("key", i -> "k" + (i % 1000))
                    .countFinal("count")
                    .output("out", collect(out));
            long t0 = System.nanoTime();
            Flowstate.run(flow, RunConfig.defaults().withWorkers(workers).withEpochInterval(Duration.ofMillis(50)));
            System.out.println(workers + " workers: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            Map<String, Long> counts = new HashMap<>();
            for (KeyValue<String, Long> kv : out) {
                assertThat(counts.put(kv.key(), kv.value())).isNull();
            }
            assertThat(counts).hasSize(1000);
            assertThat(counts.values()).allMatch(c -> c == 1000);
        }
    }
}
