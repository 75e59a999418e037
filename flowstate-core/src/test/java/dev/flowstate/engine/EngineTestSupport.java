package dev.flowstate.engine;

import dev.flowstate.io.DynamicSink;
import dev.flowstate.io.DynamicSource;
import dev.flowstate.io.SinkPartition;
import dev.flowstate.io.SourcePartition;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** Small connectors for engine tests that must not depend on the public testing connectors. */
final class EngineTestSupport {
    private EngineTestSupport() {
    }

    /** Every worker emits {@code perWorker} items made by {@code item}, 1000 per batch. */
    static <T> DynamicSource<T> generated(long perWorker, IntFunction<T> item) {
        return (worker, workers) -> new SourcePartition<T, Object>() {
            long emitted;

            @Override
            public boolean nextBatch(Consumer<? super T> out) {
                for (int i = 0; i < 1000 && emitted < perWorker; i++) {
                    out.accept(item.apply((int) emitted++));
                }
                return emitted < perWorker;
            }

            @Override
            public Object snapshot() {
                return null;
            }
        };
    }

    /** A sink that hands each batch to {@code consumer}. */
    static <T> DynamicSink<T> sink(Consumer<List<T>> consumer) {
        return (worker, workers) -> new SinkPartition<T, Object>() {
            @Override
            public void writeBatch(List<T> items) {
                consumer.accept(items);
            }

            @Override
            public Object snapshot() {
                return null;
            }
        };
    }
}
