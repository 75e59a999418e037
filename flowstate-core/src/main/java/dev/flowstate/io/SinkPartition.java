package dev.flowstate.io;

import java.util.List;

/**
 * One open partition of a sink. Called from a single worker thread.
 *
 * @param <T> item type
 * @param <S> snapshot state type
 */
public interface SinkPartition<T, S> extends AutoCloseable {

    /** Writes items; the list is only valid during the call. */
    void writeBatch(List<T> items) throws Exception;

    /**
     * Called at every epoch close after the epoch's items were written: make them durable and return the state
     * that lets a resumed run continue right after them.
     */
    S snapshot() throws Exception;

    /** Called once everything up to and including {@code epoch} is durably committed by every worker. */
    default void onEpochCommitted(long epoch) throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}
