package dev.flowstate.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An input step of a dataflow under a {@link TestDriver}: what the test sends here is what the step reads. Items
 * are kept for the life of the driver, so a run restored after a crash re-reads exactly the items that followed its
 * last committed epoch, as a replayable source (a file, a Kafka topic) would. Thread-safe.
 *
 * @param <T> the item type the input step produces
 */
public final class TestInput<T> {
    private final String stepId;
    private final List<List<T>> partitions = new ArrayList<>();
    private final Runnable onChange;
    private volatile boolean closed;

    TestInput(String stepId, int partitionCount, Runnable onChange) {
        this.stepId = stepId;
        for (int p = 0; p < partitionCount; p++) {
            partitions.add(new ArrayList<>());
        }
        this.onChange = onChange;
    }

    /** The input step's id. */
    public String stepId() {
        return stepId;
    }

    /** Sends items to partition 0. They belong to the current epoch: {@link TestDriver#closeEpoch()} includes them. */
    @SafeVarargs
    public final TestInput<T> send(T... items) {
        return sendTo(0, Arrays.asList(items));
    }

    /** Sends items to partition 0. */
    public TestInput<T> send(List<? extends T> items) {
        return sendTo(0, items);
    }

    /** Sends items to one partition (items of one partition are read in order; partitions interleave freely). */
    public TestInput<T> sendTo(int partition, List<? extends T> items) {
        if (partition < 0 || partition >= partitions.size()) {
            throw new IllegalArgumentException("input '" + stepId + "' has partitions 0.." + (partitions.size() - 1)
                    + ", not " + partition + "; set the count with TestDriver.Builder.partitions(\"" + stepId + "\", n)");
        }
        for (T item : items) {
            Objects.requireNonNull(item, "input '" + stepId + "' cannot take a null item");
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("input '" + stepId + "' was closed (end of input); nothing more can be sent");
            }
            partitions.get(partition).addAll(items);
        }
        onChange.run();
        return this;
    }

    /** Ends this input: once every partition is read, the step reports end of input (and {@code onEof} runs). */
    public void close() {
        closed = true;
        onChange.run();
    }

    public boolean isClosed() {
        return closed;
    }

    int partitionCount() {
        return partitions.size();
    }

    synchronized int size(int partition) {
        return partitions.get(partition).size();
    }

    synchronized List<T> itemsFrom(int partition, int position) {
        List<T> log = partitions.get(partition);
        return position >= log.size() ? List.of() : new ArrayList<>(log.subList(position, log.size()));
    }

    static String partitionName(int index) {
        return String.valueOf(index);
    }
}
