package dev.flowstate.bench;

import dev.flowstate.io.PartitionedSource;
import dev.flowstate.io.SourcePartition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a shared array split into {@code slices} contiguous partitions; together the partitions emit every
 * element exactly once. The resume state is the absolute index of the next element to emit.
 */
final class ArraySource implements PartitionedSource<String, Integer> {
    static final int BATCH = 1024;

    private final String[] events;
    private final int slices;

    ArraySource(String[] events, int slices) {
        if (slices < 1) {
            throw new IllegalArgumentException("slices must be at least 1, was " + slices);
        }
        this.events = events;
        this.slices = slices;
    }

    @Override
    public List<String> listPartitions() {
        List<String> names = new ArrayList<>(slices);
        for (int i = 0; i < slices; i++) {
            names.add(name(i));
        }
        return names;
    }

    @Override
    public SourcePartition<String, Integer> buildPartition(String partition, Integer resumeState) {
        int slice = Integer.parseInt(partition.substring("slice-".length()));
        int from = start(slice);
        int end = start(slice + 1);
        return new Slice(events, resumeState == null ? from : resumeState, end);
    }

    /** Zero-padded so that the sorted partition list is in slice order. */
    static String name(int slice) {
        return String.format("slice-%04d", slice);
    }

    int start(int slice) {
        return (int) ((long) events.length * slice / slices);
    }

    private static final class Slice implements SourcePartition<String, Integer> {
        private final String[] events;
        private final int end;
        private int next;

        Slice(String[] events, int next, int end) {
            this.events = events;
            this.next = next;
            this.end = end;
        }

        /** Emits up to {@link #BATCH} events; reports exhaustion only on a call that emits nothing. */
        @Override
        public boolean nextBatch(Consumer<? super String> out) {
            if (next >= end) {
                return false;
            }
            int stop = Math.min(end, next + BATCH);
            for (int i = next; i < stop; i++) {
                out.accept(events[i]);
            }
            next = stop;
            return true;
        }

        @Override
        public Integer snapshot() {
            return next;
        }
    }
}
