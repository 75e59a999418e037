package dev.flowstate.io;

import java.util.List;

/**
 * A sink made of named partitions, each written by exactly one worker. Items are routed to a partition by
 * {@link #partitionFor}. With recovery on, each partition's {@link SinkPartition#snapshot()} is saved at every
 * epoch close; on resume the partition is rebuilt from the state saved just before the resume epoch, and the items
 * of later epochs are written again. A sink that uses that state to undo later writes (truncate, abort a
 * transaction) is exactly-once; otherwise output is at-least-once.
 *
 * @param <T> item type
 * @param <S> snapshot state type
 */
public non-sealed interface PartitionedSink<T, S> extends Sink<T> {

    List<String> listPartitions() throws Exception;

    /**
     * Index into the sorted partition list for an item. The default sends everything to partition 0 when there is
     * one partition, and otherwise routes by the engine's stable hash of the item (of its key for a
     * {@link dev.flowstate.KeyValue}).
     */
    default int partitionFor(T item, int partitionCount, java.util.function.ToIntFunction<Object> stableHash) {
        if (partitionCount == 1) {
            return 0;
        }
        Object routed = item instanceof dev.flowstate.KeyValue<?, ?> kv ? kv.key() : item;
        return Math.floorMod(stableHash.applyAsInt(routed), partitionCount);
    }

    /**
     * Opens one partition.
     *
     * @param resumeState the partition's state saved just before the resume epoch, or null for a fresh start
     */
    SinkPartition<T, S> buildPartition(String partition, S resumeState) throws Exception;
}
