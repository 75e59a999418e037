package dev.flowstate.internal.runtime;

import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.internal.serde.KryoSerde;
import dev.flowstate.io.PartitionedSink;
import dev.flowstate.io.SinkPartition;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a stream into the sink partitions this worker owns. Items are buffered and written in batches: when a
 * buffer fills, when the worker finishes a round of work, and at every barrier, after which each partition's
 * snapshot is taken (when recovery is on).
 */
final class SinkNode implements Node {
    private static final int BATCH = 1024;

    private final String stepId;
    private final PartitionedSink<Object, Object> routing;
    private final int partitionCount;
    private final List<String> names;
    private final SinkPartition<Object, Object>[] partitions;
    private final List<Object>[] buffers;
    private final List<SnapshotRow> snapshotOut;

    /**
     * @param routing   the partitioned sink, or null for a dynamic sink (one partition, this worker's)
     * @param names     partition names by global partition index
     * @param owned     the partition instances by global index; null where another worker owns it
     */
    @SuppressWarnings("unchecked")
    SinkNode(String stepId, PartitionedSink<Object, Object> routing, List<String> names,
             SinkPartition<Object, Object>[] owned, List<SnapshotRow> snapshotOut) {
        this.stepId = stepId;
        this.routing = routing;
        this.partitionCount = owned.length;
        this.names = names;
        this.partitions = owned;
        this.buffers = new List[owned.length];
        for (int i = 0; i < owned.length; i++) {
            if (owned[i] != null) {
                buffers[i] = new ArrayList<>();
            }
        }
        this.snapshotOut = snapshotOut;
    }

    @Override
    public void push(Object item) {
        int p = 0;
        if (partitionCount > 1) {
            p = routing.partitionFor(item, partitionCount, o -> dev.flowstate.internal.serde.StableHash.of(o, KryoSerde.INSTANCE));
        }
        List<Object> buffer = buffers[p];
        if (buffer == null) {
            throw new StepException(stepId, "item routed to partition " + p + " which worker does not own: "
                    + "partitionFor must be deterministic and within [0, " + partitionCount + ")", null);
        }
        buffer.add(item);
        if (buffer.size() >= BATCH) {
            write(p);
        }
    }

    String stepId() {
        return stepId;
    }

    /** Writes every buffered item. */
    void flush() {
        for (int p = 0; p < partitionCount; p++) {
            if (buffers[p] != null && !buffers[p].isEmpty()) {
                write(p);
            }
        }
    }

    @Override
    public void barrier(long epoch, boolean eof) {
        flush();
        if (snapshotOut == null) {
            return;
        }
        for (int p = 0; p < partitionCount; p++) {
            if (partitions[p] != null) {
                try {
                    Object state = partitions[p].snapshot();
                    snapshotOut.add(new SnapshotRow(stepId, names.get(p).getBytes(StandardCharsets.UTF_8), 0,
                            state == null ? null : KryoSerde.INSTANCE.toBytes(state)));
                } catch (Exception e) {
                    throw StepException.wrap(stepId, e);
                }
            }
        }
    }

    /** Tells the partitions that everything up to {@code epoch} is committed. */
    void epochCommitted(long epoch) {
        for (SinkPartition<Object, Object> p : partitions) {
            if (p != null) {
                try {
                    p.onEpochCommitted(epoch);
                } catch (Exception e) {
                    throw StepException.wrap(stepId, e);
                }
            }
        }
    }

    void close() throws Exception {
        Closeables.closeAll(java.util.Arrays.asList(partitions));
    }

    private void write(int p) {
        try {
            partitions[p].writeBatch(buffers[p]);
        } catch (Exception e) {
            throw StepException.wrap(stepId, e);
        }
        buffers[p].clear();
    }
}
