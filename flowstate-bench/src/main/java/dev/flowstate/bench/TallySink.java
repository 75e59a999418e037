package dev.flowstate.bench;

import dev.flowstate.io.DynamicSink;
import dev.flowstate.io.SinkPartition;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A sink with one writer per worker (no exchange before it) that counts items and sums {@code value(item)} in
 * plain fields, handing the totals to a shared {@link Tally} at each snapshot and at close.
 */
public final class TallySink<T> implements DynamicSink<T> {
    private final Tally tally;
    private final ToLongFunction<? super T> value;

    public TallySink(Tally tally, ToLongFunction<? super T> value) {
        this.tally = tally;
        this.value = value;
    }

    @Override
    public SinkPartition<T, ?> buildForWorker(int workerIndex, int workerCount) {
        return new Writer();
    }

    private final class Writer implements SinkPartition<T, Void> {
        private long count;
        private long sum;

        @Override
        public void writeBatch(List<T> items) {
            long s = 0;
            for (int i = 0, n = items.size(); i < n; i++) {
                s += value.applyAsLong(items.get(i));
            }
            count += items.size();
            sum += s;
        }

        @Override
        public Void snapshot() {
            flush();
            return null;
        }

        @Override
        public void close() {
            flush();
        }

        private void flush() {
            tally.add(count, sum);
            count = 0;
            sum = 0;
        }
    }
}
