package dev.flowstate.internal.runtime;

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
    private final boolean recoverable;
    private int live;
    /** Where items read from partition {@code i} come from, for the clocks downstream: origin {@code firstOrigin + i}. */
    private Worker worker;
    private int firstOrigin;

    SourceDriver(String stepId, List<String> names, List<SourcePartition<Object, Object>> partitions, Node downstream,
                 boolean recoverable) {
        this.stepId = stepId;
        this.names = names;
        this.partitions = partitions;
        this.exhausted = new boolean[partitions.size()];
        this.downstream = downstream;
        this.push = downstream::push;
        this.recoverable = recoverable;
        this.live = partitions.size();
    }

    /** Numbers this driver's partitions as origins {@code first ...} of {@code worker} (see {@link Worker#origin()}). */
    void bindOrigins(Worker worker, int first) {
        this.worker = worker;
        this.firstOrigin = first;
    }

    String stepId() {
        return stepId;
    }

    List<String> names() {
        return names;
    }

    boolean exhausted(int partition) {
        return exhausted[partition];
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
                worker.origin = firstOrigin + i;
                boolean more;
                try {
                    more = p.nextBatch(push);
                } finally {
                    worker.origin = -1;
                }
                if (!more) {
                    exhausted[i] = true;
                    live--;
                }
            } catch (Exception e) {
                throw StepException.wrap(stepId, e);
            }
        }
        return polled;
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
        downstream.control(new Message.Barrier(epoch, allExhausted()));
    }

    void close() throws Exception {
        Closeables.closeAll(partitions);
    }
}
