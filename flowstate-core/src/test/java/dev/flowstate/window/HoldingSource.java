package dev.flowstate.window;

import dev.flowstate.io.PartitionedSource;
import dev.flowstate.io.SourcePartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Partitions that emit their items, then stay open (emitting nothing) until {@link #release()}, or a generous
 * deadline: a stream that has gone quiet without ending, so nothing can rely on end of input to close windows.
 */
final class HoldingSource<T> implements PartitionedSource<T, Integer> {
    private final List<List<T>> partitions;
    private final CountDownLatch released = new CountDownLatch(1);
    private final Instant deadline = Instant.now().plus(Duration.ofSeconds(60));

    HoldingSource(List<List<T>> partitions) {
        this.partitions = partitions;
    }

    void release() {
        released.countDown();
    }

    /** True if the partitions were released (rather than ending at the deadline). */
    boolean wasReleased() {
        return released.getCount() == 0;
    }

    @Override
    public List<String> listPartitions() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    @Override
    public SourcePartition<T, Integer> buildPartition(String partition, Integer resumeState) {
        List<T> items = partitions.get(Integer.parseInt(partition));
        return new SourcePartition<>() {
            int next = resumeState == null ? 0 : resumeState;
            Instant wake;

            @Override
            public boolean nextBatch(Consumer<? super T> out) {
                if (next < items.size()) {
                    out.accept(items.get(next++));
                    return true;
                }
                wake = Instant.now().plusMillis(5); // quiet: look again in a few milliseconds
                return released.getCount() > 0 && Instant.now().isBefore(deadline);
            }

            @Override
            public Instant nextAwake() {
                return wake;
            }

            @Override
            public Integer snapshot() {
                return next;
            }
        };
    }
}
