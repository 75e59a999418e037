package dev.flowstate.internal.metrics;

import dev.flowstate.RunView;
import dev.flowstate.io.PartitionProgress;

/** Items read from one input partition, and its position and lag where the connector reports them. */
public final class PartitionCounters implements RunView.Partition {
    private final String stepId;
    private final String partition;
    private final int worker;
    private final PartitionProgress progress;
    public final Counter read = new Counter();

    PartitionCounters(String stepId, String partition, int worker, Object sourcePartition) {
        this.stepId = stepId;
        this.partition = partition;
        this.worker = worker;
        this.progress = sourcePartition instanceof PartitionProgress p ? p : null;
    }

    @Override
    public String stepId() {
        return stepId;
    }

    @Override
    public String partition() {
        return partition;
    }

    @Override
    public int worker() {
        return worker;
    }

    @Override
    public long itemsRead() {
        return read.get();
    }

    @Override
    public long position() {
        return progress == null ? read.get() : progress.position();
    }

    @Override
    public long lag() {
        return progress == null ? -1 : progress.lag();
    }
}
