package dev.flowstate.bench.nexmark;

import dev.flowstate.io.PartitionedSource;
import dev.flowstate.io.SourcePartition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Events {@code 0 … N−1} of the {@link NexmarkGenerator}, generated on the fly in {@code p} partitions: partition
 * {@code i} emits the events {@code n ≡ i (mod p)} in increasing order (NEXMARK.md §1, "parallel generation").
 * Interleaving keeps every partition at the same event time; contiguous ranges would put partition 1 hundreds of
 * seconds of event time ahead of partition 0 and hold half the stream in window state (§6, pitfall 2). The
 * resume state of a partition is the number of its next event.
 */
public final class NexmarkSource implements PartitionedSource<Event, Long> {
    static final int BATCH = 1024;
    private static final String PREFIX = "nexmark-";

    private final long events;
    private final int partitions;

    /**
     * @param events     N, the number of events over all partitions
     * @param partitions p, the number of partitions (usually the worker count)
     */
    public NexmarkSource(long events, int partitions) {
        if (events < 0 || partitions < 1) {
            throw new IllegalArgumentException("NexmarkSource needs events >= 0 and partitions >= 1, got events="
                    + events + " partitions=" + partitions);
        }
        this.events = events;
        this.partitions = partitions;
    }

    /** Zero-padded names, so the engine's sorted partition list is in partition order. */
    @Override
    public List<String> listPartitions() {
        List<String> names = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            names.add(String.format("%s%04d-of-%04d", PREFIX, i, partitions));
        }
        return names;
    }

    @Override
    public SourcePartition<Event, Long> buildPartition(String partition, Long resumeState) {
        int index = Integer.parseInt(partition.substring(PREFIX.length(), PREFIX.length() + 4));
        return new Partition(resumeState == null ? index : resumeState, partitions, events);
    }

    private static final class Partition implements SourcePartition<Event, Long> {
        private final NexmarkGenerator generator = new NexmarkGenerator();
        private final long stride;
        private final long end;
        private long next;

        Partition(long next, long stride, long end) {
            this.next = next;
            this.stride = stride;
            this.end = end;
        }

        @Override
        public boolean nextBatch(Consumer<? super Event> out) {
            if (next >= end) {
                return false;
            }
            for (int i = 0; i < BATCH && next < end; i++, next += stride) {
                out.accept(generator.event(next));
            }
            return true;
        }

        @Override
        public Long snapshot() {
            return next;
        }
    }
}
