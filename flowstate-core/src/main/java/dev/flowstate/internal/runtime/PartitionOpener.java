package dev.flowstate.internal.runtime;

import dev.flowstate.internal.plan.StepSpec;
import dev.flowstate.internal.recovery.RecoveryStore;
import dev.flowstate.internal.serde.KryoSerde;
import dev.flowstate.io.DynamicSink;
import dev.flowstate.io.DynamicSource;
import dev.flowstate.io.ManualInput;
import dev.flowstate.io.PartitionedSink;
import dev.flowstate.io.PartitionedSource;
import dev.flowstate.io.SinkPartition;
import dev.flowstate.io.SourcePartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the source and sink partitions a worker owns (partition {@code i} of the sorted list belongs to worker
 * {@code i mod N}), each from its state saved just before the resume epoch.
 */
final class PartitionOpener {
    private final int workers;
    private final RecoveryStore store;
    private final long resumeEpoch;
    private final Map<StepSpec.Output, List<String>> sinkPartitions = new ConcurrentHashMap<>();

    PartitionOpener(int workers, RecoveryStore store, long resumeEpoch) {
        this.workers = workers;
        this.store = store;
        this.resumeEpoch = resumeEpoch;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    SourceDriver openSource(StepSpec.Input in, Worker worker, Node downstream) {
        String step = in.id();
        List<String> names = new ArrayList<>();
        List<SourcePartition<Object, Object>> parts = new ArrayList<>();
        try {
            if (in.source() instanceof PartitionedSource<?, ?> ps) {
                List<String> all = sorted(step, ((PartitionedSource<Object, Object>) ps).listPartitions());
                for (int i = worker.index(); i < all.size(); i += workers) {
                    String name = all.get(i);
                    names.add(name);
                    parts.add(((PartitionedSource<Object, Object>) ps).buildPartition(name, resumeState(step, name)));
                }
                return new SourceDriver(step, names, parts, downstream, true);
            } else if (in.source() instanceof ManualInput<?> manual) {
                String name = "manual-" + worker.index();
                Object state = resumeState(step, name);
                names.add(name);
                parts.add(new ManualInputPartition((java.util.Iterator) ((ManualInput<Object>) manual).builder()
                        .build(worker.index(), workers, state), state));
                return new SourceDriver(step, names, parts, downstream, true);
            } else {
                names.add("worker-" + worker.index());
                parts.add((SourcePartition) ((DynamicSource<?>) in.source()).buildForWorker(worker.index(), workers));
                return new SourceDriver(step, names, parts, downstream, false);
            }
        } catch (StepException e) {
            throw e;
        } catch (Exception e) {
            throw new StepException(step, "opening the input failed", e);
        }
    }

    /** The number of partitions of a partitioned sink (listed once, shared by all workers). */
    int sinkPartitionCount(StepSpec.Output out) {
        return sinkNames(out).size();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    SinkNode openSink(StepSpec.Output out, Worker worker) {
        String step = out.id();
        try {
            if (out.sink() instanceof PartitionedSink<?, ?> ps) {
                List<String> all = sinkNames(out);
                SinkPartition<Object, Object>[] owned = new SinkPartition[all.size()];
                for (int i = worker.index(); i < all.size(); i += workers) {
                    owned[i] = ((PartitionedSink<Object, Object>) ps).buildPartition(all.get(i), resumeState(step, all.get(i)));
                }
                return new SinkNode(step, (PartitionedSink<Object, Object>) ps, all, owned, worker.snapshotRows);
            }
            SinkPartition<Object, Object>[] one = new SinkPartition[]{
                    (SinkPartition) ((DynamicSink<?>) out.sink()).buildForWorker(worker.index(), workers)};
            return new SinkNode(step, null, List.of("worker-" + worker.index()), one, null);
        } catch (StepException e) {
            throw e;
        } catch (Exception e) {
            throw new StepException(step, "opening the output failed", e);
        }
    }

    private List<String> sinkNames(StepSpec.Output out) {
        return sinkPartitions.computeIfAbsent(out, o -> {
            try {
                return sorted(o.id(), ((PartitionedSink<?, ?>) o.sink()).listPartitions());
            } catch (StepException e) {
                throw e;
            } catch (Exception e) {
                throw new StepException(o.id(), "listing the output's partitions failed", e);
            }
        });
    }

    private Object resumeState(String step, String partition) {
        if (store == null) {
            return null;
        }
        byte[] bytes = store.loadPartitionState(step, partition, resumeEpoch);
        return bytes == null ? null : KryoSerde.INSTANCE.fromBytes(bytes);
    }

    private static List<String> sorted(String step, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new StepException(step, "it lists no partitions; a partitioned connector needs at least one", null);
        }
        List<String> copy = new ArrayList<>(names);
        copy.sort(null);
        for (int i = 1; i < copy.size(); i++) {
            if (copy.get(i).equals(copy.get(i - 1))) {
                throw new StepException(step, "it lists partition '" + copy.get(i) + "' twice", null);
            }
        }
        return copy;
    }
}
