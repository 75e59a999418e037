package dev.flowstate.internal.runtime;

import dev.flowstate.internal.metrics.PartitionCounters;
import dev.flowstate.internal.metrics.RunMetrics;
import dev.flowstate.internal.metrics.StepCounters;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.internal.serde.KryoSerde;
import dev.flowstate.io.SourcePartition;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the partitions of one input step that this worker owns and pushes their items into the step's node. At an
 * epoch close it records each partition's resume state and sends the barrier, flagged EOF once every owned
 * partition is exhausted (an input with no partitions here is at EOF from the start).
 */
final class SourceDriver {
    private final String stepId;
    private final List<String> names;
    private final List<SourcePartition<Object, Object>> partitions;
    private final boolean[] exhausted;
    private final Node downstream;
    private final Consumer<Object> push;
    /** Where partition {@code i} pushes its items: {@link #push}, or a counting wrapper when metered. */
    private final Consumer<Object>[] pushes;
    private final boolean recoverable;
    private int live;

    SourceDriver(String stepId, List<String> names, List<SourcePartition<Object, Object>> partitions, Node downstream,
                 boolean recoverable) {
        this.stepId = stepId;
        this.names = names;
        this.partitions = partitions;
        this.exhausted = new boolean[partitions.size()];
        this.downstream = downstream;
        this.push = downstream::push;
        @SuppressWarnings("unchecked")
        Consumer<Object>[] each = new Consumer[partitions.size()];
        java.util.Arrays.fill(each, push);
        this.pushes = each;
        this.recoverable = recoverable;
        this.live = partitions.size();
    }

    /** Polls every live partition that is awake; true if any was called. */
    boolean poll(Instant now) {
        boolean polled = false;
        for (int i = 0; i < exhausted.length; i++) {
            if (exhausted[i]) {
                continue;
            }
            SourcePartition<Object, Object> p = partitions.get(i);
            try {
                Instant awake = p.nextAwake();
                if (awake != null && awake.isAfter(now)) {
                    continue;
                }
                polled = true;
                if (!p.nextBatch(pushes[i])) {
                    exhausted[i] = true;
                    live--;
                }
            } catch (Exception e) {
                throw StepException.wrap(stepId, e);
            }
        }
        return polled;
    }

    /** Counts each partition's items into {@code metrics}; the input step received what its partitions read. */
    void meter(RunMetrics metrics, StepCounters step) {
        for (int i = 0; i < pushes.length; i++) {
            PartitionCounters c = metrics.partition(stepId, names.get(i), step.worker(), partitions.get(i));
            step.addInFrom(c.read);
            pushes[i] = item -> {
                c.read.add(1);
                downstream.push(item);
            };
        }
    }

    String stepId() {
        return stepId;
    }

    /** The earliest time a sleeping partition wants to be polled, or null if none sleeps. */
    Instant nextAwake() {
        Instant min = null;
        for (int i = 0; i < exhausted.length; i++) {
            if (!exhausted[i]) {
                Instant a = partitions.get(i).nextAwake();
                if (a != null && (min == null || a.isBefore(min))) {
                    min = a;
                }
            }
        }
        return min;
    }

    boolean allExhausted() {
        return live == 0;
    }

    /** Closes the epoch: snapshots resume states into {@code snapshotOut} (if not null) and sends the barrier. */
    void closeEpoch(long epoch, List<SnapshotRow> snapshotOut) {
        if (snapshotOut != null && recoverable) {
            for (int i = 0; i < partitions.size(); i++) {
                Object state;
                try {
                    state = partitions.get(i).snapshot();
                } catch (RuntimeException e) {
                    throw StepException.wrap(stepId, e);
                }
                snapshotOut.add(new SnapshotRow(stepId, names.get(i).getBytes(StandardCharsets.UTF_8), 0,
                        state == null ? null : KryoSerde.INSTANCE.toBytes(state)));
            }
        }
        downstream.barrier(epoch, allExhausted());
    }

    void close() throws Exception {
        Closeables.closeAll(partitions);
    }
}
