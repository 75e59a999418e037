package dev.flowstate.testing;

import dev.flowstate.io.PartitionedSource;
import dev.flowstate.io.SourcePartition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Emits fixed lists of items, for tests: one partition per list, resumable, with markers that simulate end of input
 * and crashes.
 *
 * <p><b>Partitions.</b> {@link #TestingSource(List)} has one partition named {@code "0"};
 * {@link #ofPartitions(List)} has one per list, named by index ({@code "0"}, {@code "1"}, …, zero-padded to equal
 * width when there are more than ten, so the sorted names are in index order).
 *
 * <p><b>Markers.</b> An item may be {@link #EOF}: the partition reports end of input there, and its resume state
 * points after the marker, so a resumed run continues with the items that follow. An item may be {@link #ABORT}: the
 * first time a partition reaches it, {@code nextBatch} throws {@link AbortException} to simulate a crash; later
 * (after a resume, or in another run of the same dataflow) it is skipped. Whether an ABORT has fired is remembered
 * by this {@code TestingSource} instance, for the life of the JVM; use a new instance to crash again.
 *
 * <p><b>Resume.</b> The resume state is the index of the next item to emit, so a resumed run emits every item after
 * the last snapshot again and none before it: replay is exact.
 *
 * <p><b>Batches.</b> Each {@code nextBatch} emits up to {@code batchSize} items (default
 * {@value #DEFAULT_BATCH_SIZE}) and ends a batch early at a marker, so the items before an ABORT are handed over
 * before the crash.
 *
 * <p><b>Threading.</b> The item lists are copied at construction; partitions may run on different worker threads
 * concurrently (the ABORT bookkeeping is thread-safe).
 *
 * <pre>{@code
 * TestingSource<Integer> source = TestingSource.withMarkers(List.of(1, 2, TestingSource.ABORT, 3));
 * }</pre>
 *
 * @param <T> item type (markers aside)
 */
public final class TestingSource<T> implements PartitionedSource<T, Integer> {
    /** Items emitted per {@code nextBatch} unless configured otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 100;
    /** Marker item: the partition reports end of input here; a resumed run continues after it. */
    public static final Object EOF = Marker.EOF;
    /** Marker item: the first time it is reached, {@code nextBatch} throws {@link AbortException}; then skipped. */
    public static final Object ABORT = Marker.ABORT;

    private enum Marker { EOF, ABORT }

    /** The simulated crash thrown at an {@link #ABORT} marker. */
    public static final class AbortException extends RuntimeException {
        private final String partition;
        private final int index;

        AbortException(String partition, int index) {
            super("simulated crash at index " + index + " of partition " + partition);
            this.partition = partition;
            this.index = index;
        }

        /** The partition whose ABORT marker fired. */
        public String partition() {
            return partition;
        }

        /** The ABORT marker's index in its partition's item list. */
        public int index() {
            return index;
        }
    }

    private final List<String> names;
    private final List<List<Object>> partitions;
    private final int batchSize;
    /** "partition@index" of every ABORT that has fired. */
    private final Set<String> fired = ConcurrentHashMap.newKeySet();

    /** One partition {@code "0"} emitting {@code items}. */
    public TestingSource(List<? extends T> items) {
        this(items, DEFAULT_BATCH_SIZE);
    }

    /**
     * One partition {@code "0"} emitting {@code items}, up to {@code batchSize} per batch.
     *
     * @throws NullPointerException if an item is null
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public TestingSource(List<? extends T> items, int batchSize) {
        this(batchSize, List.of(Objects.requireNonNull(items, "items")));
    }

    private TestingSource(int batchSize, List<? extends List<?>> lists) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        int width = String.valueOf(Math.max(0, lists.size() - 1)).length();
        List<String> names = new ArrayList<>();
        List<List<Object>> copies = new ArrayList<>();
        for (int p = 0; p < lists.size(); p++) {
            String name = String.format("%0" + width + "d", p);
            List<?> items = Objects.requireNonNull(lists.get(p), "partition " + p + " is null");
            List<Object> copy = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                copy.add(Objects.requireNonNull(items.get(i), "item at index " + i + " of partition " + name
                        + " is null"));
            }
            names.add(name);
            copies.add(Collections.unmodifiableList(copy));
        }
        this.names = List.copyOf(names);
        this.partitions = List.copyOf(copies);
        this.batchSize = batchSize;
    }

    /**
     * One partition {@code "0"} emitting {@code items}, which may include the {@link #EOF} and {@link #ABORT}
     * markers; the item type comes from the context: {@code TestingSource<String> s = withMarkers(List.of("a", EOF))}.
     */
    public static <T> TestingSource<T> withMarkers(List<?> items) {
        return new TestingSource<>(DEFAULT_BATCH_SIZE, List.of(Objects.requireNonNull(items, "items")));
    }

    /** Like {@link #withMarkers(List)}, emitting up to {@code batchSize} items per batch. */
    public static <T> TestingSource<T> withMarkers(List<?> items, int batchSize) {
        return new TestingSource<>(batchSize, List.of(Objects.requireNonNull(items, "items")));
    }

    /** One partition per list (items and markers), named by index; the item type comes from the context. */
    public static <T> TestingSource<T> ofPartitions(List<? extends List<?>> partitions) {
        return ofPartitions(partitions, DEFAULT_BATCH_SIZE);
    }

    /** One partition per list, named by index, up to {@code batchSize} items per batch. */
    public static <T> TestingSource<T> ofPartitions(List<? extends List<?>> partitions, int batchSize) {
        return new TestingSource<>(batchSize, Objects.requireNonNull(partitions, "partitions"));
    }

    @Override
    public List<String> listPartitions() {
        return names;
    }

    /**
     * Opens a partition at item index {@code resumeState}, or at 0 when null.
     *
     * @throws IllegalArgumentException for an unknown partition or an index outside {@code [0, size]}
     */
    @Override
    public SourcePartition<T, Integer> buildPartition(String partition, Integer resumeState) {
        int p = names.indexOf(partition);
        if (p < 0) {
            throw new IllegalArgumentException("unknown partition '" + partition + "'; this TestingSource has "
                    + names);
        }
        List<Object> items = partitions.get(p);
        int start = resumeState == null ? 0 : resumeState;
        if (start < 0 || start > items.size()) {
            throw new IllegalArgumentException("resume index " + start + " is outside partition " + partition
                    + " of " + items.size() + " items");
        }
        return new Partition(partition, items, start);
    }

    private final class Partition implements SourcePartition<T, Integer> {
        private final String name;
        private final List<Object> items;
        private int next;

        Partition(String name, List<Object> items, int next) {
            this.name = name;
            this.items = items;
            this.next = next;
        }

        @Override
        @SuppressWarnings("unchecked")
        public boolean nextBatch(Consumer<? super T> out) {
            int emitted = 0;
            while (next < items.size() && emitted < batchSize) {
                Object item = items.get(next);
                if (item == EOF) {
                    next++;
                    return false;
                }
                if (item == ABORT) {
                    if (emitted > 0) {
                        return true; // hand over the items before the crash first
                    }
                    if (fired.add(name + "@" + next)) {
                        throw new AbortException(name, next);
                    }
                    next++;
                    continue;
                }
                out.accept((T) item);
                next++;
                emitted++;
            }
            return next < items.size();
        }

        @Override
        public Integer snapshot() {
            return next;
        }

        /** Nothing to release. */
        @Override
        public void close() {
        }
    }
}
