package dev.flowstate.testing;

import dev.flowstate.internal.runtime.Ticker;
import dev.flowstate.io.PartitionedSource;
import dev.flowstate.io.SourcePartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The source a {@link TestDriver} puts in place of an input step: each partition replays the driver's log of items
 * sent to it, from the position in its resume state, so a restored run re-reads exactly what followed the last
 * committed epoch. A partition with nothing new sleeps (it reports a far wake-up time) until the driver sends more,
 * so an idle test does not spin the workers.
 */
final class DriverSource<T> implements PartitionedSource<T, Integer> {
    private static final Duration IDLE = Duration.ofDays(1);

    private final TestInput<T> input;
    private final Ticker ticker;

    DriverSource(TestInput<T> input, Ticker ticker) {
        this.input = input;
        this.ticker = ticker;
    }

    @Override
    public List<String> listPartitions() {
        List<String> names = new ArrayList<>();
        for (int p = 0; p < input.partitionCount(); p++) {
            names.add(TestInput.partitionName(p));
        }
        return names;
    }

    @Override
    public SourcePartition<T, Integer> buildPartition(String partition, Integer resumeState) {
        int index = Integer.parseInt(partition);
        return new SourcePartition<>() {
            private int position = resumeState == null ? 0 : resumeState;

            @Override
            public boolean nextBatch(Consumer<? super T> out) {
                List<T> items = input.itemsFrom(index, position);
                for (T item : items) {
                    out.accept(item);
                }
                position += items.size();
                return !(input.isClosed() && position >= input.size(index));
            }

            @Override
            public Instant nextAwake() {
                boolean pending = position < input.size(index) || input.isClosed();
                return pending ? null : ticker.now().plus(IDLE);
            }

            @Override
            public Integer snapshot() {
                return position;
            }
        };
    }
}
