package dev.flowstate.internal.runtime;

import dev.flowstate.KeyValue;
import dev.flowstate.internal.serde.StableHash;
import dev.flowstate.io.PartitionedSink;

/** Chooses the worker an item goes to at an exchange. */
interface Router {
    int route(Object item);

    /** Keyed items go to the worker owning their key: a stable hash modulo the worker count. */
    static Router byKey(int workers) {
        if (workers == 1) {
            return item -> 0;
        }
        return item -> StableHash.positive(StableHash.of(((KeyValue<?, ?>) item).key())) % workers;
    }

    /** Round-robin from each sender, starting at a different worker per sender. */
    static Router roundRobin(int workers, int senderIndex) {
        int[] next = {senderIndex};
        return item -> {
            int w = next[0];
            next[0] = w + 1 == workers ? 0 : w + 1;
            return w;
        };
    }

    /** To the worker owning the sink partition the item belongs to (partition i is owned by worker i mod N). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Router bySinkPartition(PartitionedSink sink, int partitions, int workers) {
        if (partitions == 1) {
            return item -> 0;
        }
        return item -> ((PartitionedSink<Object, ?>) sink).partitionFor(item, partitions,
                StableHash::ofValue) % workers;
    }
}
