package dev.flowstate.io;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * One open partition of a source. Called from a single worker thread.
 *
 * @param <T> item type
 * @param <S> resume state type
 */
public interface SourcePartition<T, S> extends AutoCloseable {

    /**
     * Emits the next batch of items (possibly none) into {@code out}. Keep a batch small (about a thousand items)
     * so the worker can interleave other work.
     *
     * @return false once the partition is exhausted; it is not called again after that
     */
    boolean nextBatch(Consumer<? super T> out) throws Exception;

    /** The earliest time worth calling {@link #nextBatch} again, or null for "as soon as possible". */
    default Instant nextAwake() {
        return null;
    }

    /** Where to resume after everything emitted so far. */
    S snapshot();

    @Override
    default void close() throws Exception {
    }
}
