package dev.flowstate.metrics;

import dev.flowstate.io.PartitionProgress;
import dev.flowstate.io.PartitionedSource;
import dev.flowstate.io.SourcePartition;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Two partitions of counting numbers, a batch of {@code batch} every 2 ms, until {@link #stop}: a dataflow that
 * runs as long as a test needs it, at a visible rate. Reports its position (next number) and a made-up lag.
 */
final class PacedSource implements PartitionedSource<Long, Long> {
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final int batch;

    PacedSource(int batch) {
        this.batch = batch;
    }

    void stop() {
        stopped.set(true);
    }

    @Override
    public List<String> listPartitions() {
        return List.of("p0", "p1");
    }

    @Override
    public SourcePartition<Long, Long> buildPartition(String partition, Long resumeState) {
        return new Part(resumeState == null ? 0 : resumeState);
    }

    private final class Part implements SourcePartition<Long, Long>, PartitionProgress {
        private volatile long next;
        private Instant awake = Instant.now();

        Part(long next) {
            this.next = next;
        }

        @Override
        public boolean nextBatch(Consumer<? super Long> out) {
            if (stopped.get()) {
                return false;
            }
            for (int i = 0; i < batch; i++) {
                out.accept(next++);
            }
            awake = Instant.now().plusMillis(2);
            return true;
        }

        @Override
        public Instant nextAwake() {
            return awake;
        }

        @Override
        public Long snapshot() {
            return next;
        }

        @Override
        public long position() {
            return next;
        }

        @Override
        public long lag() {
            return 7;
        }
    }
}
