package dev.flowstate.testing;

import dev.flowstate.io.PartitionedSink;
import dev.flowstate.io.SinkPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The sink a {@link TestDriver} puts in place of an output step, written like a transactional sink: one partition
 * holds what each epoch wrote and hands it to the {@link TestOutput} only once the epoch is committed. Its saved
 * state is every epoch written but not yet handed over, so an epoch committed just before a crash, whose hand-over
 * the crash cut off, is handed over by the restored run; what a crashed run wrote after its last commit is
 * dropped. A test thus reads each result exactly once, whatever crashes it injects.
 */
final class DriverSink<T> implements PartitionedSink<T, TreeMap<Long, List<T>>> {
    private final TestOutput<T> output;
    private final LongSupplier resumeEpoch;

    DriverSink(TestOutput<T> output, LongSupplier resumeEpoch) {
        this.output = output;
        this.resumeEpoch = resumeEpoch;
    }

    @Override
    public List<String> listPartitions() {
        return List.of("0");
    }

    @Override
    public SinkPartition<T, TreeMap<Long, List<T>>> buildPartition(String partition, TreeMap<Long, List<T>> resume) {
        if (resume != null) {
            resume.forEach(output::deliver);
        }
        long firstEpoch = resumeEpoch.getAsLong();
        return new SinkPartition<>() {
            private long epoch = firstEpoch;
            private List<T> pending = new ArrayList<>();
            private final TreeMap<Long, List<T>> sealed = new TreeMap<>();

            @Override
            public void writeBatch(List<T> items) {
                pending.addAll(items);
            }

            /** Called once per epoch, at its barrier, in epoch order. */
            @Override
            public TreeMap<Long, List<T>> snapshot() {
                sealed.put(epoch++, pending);
                pending = new ArrayList<>();
                return new TreeMap<>(sealed);
            }

            @Override
            public void onEpochCommitted(long committed) {
                while (!sealed.isEmpty() && sealed.firstKey() <= committed) {
                    var e = sealed.pollFirstEntry();
                    output.deliver(e.getKey(), e.getValue());
                }
                output.committedThrough(committed);
            }
        };
    }
}
