package dev.flowstate.kafka;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.io.DynamicSource;
import dev.flowstate.io.PartitionedSink;
import dev.flowstate.io.SinkPartition;
import dev.flowstate.io.SourcePartition;
import dev.flowstate.recovery.RecoveryConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Helpers for the failure tests: timed runs that must fail, a sink that never commits, an endless source. */
final class FailureRuns {
    /** What a failure may take beyond the configured deadline: engine stop grace, JVM and broker slowness. */
    static final Duration MARGIN = Duration.ofSeconds(15);

    private FailureRuns() {
    }

    /** A run's failure and how long after {@code from} it was reported. */
    record Failed(Throwable error, Duration took) {
        String message() {
            return error.getMessage();
        }
    }

    /** A dataflow started in the background; {@link #failure} waits (bounded) for it to fail. */
    static final class Running {
        private final CompletableFuture<Throwable> result;

        Running(Dataflow flow, RunConfig config) {
            result = CompletableFuture.supplyAsync(() -> {
                try {
                    Flowstate.run(flow, config);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
        }

        boolean isDone() {
            return result.isDone();
        }

        /** Waits for the run to fail; the time is measured from {@code fromNanos} (e.g. when the broker was killed). */
        Failed failure(long fromNanos, Duration deadline) throws Exception {
            Throwable t = result.get(deadline.plus(MARGIN).plusSeconds(60).toSeconds(), TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - fromNanos);
            assertThat(t).as("the run should have failed").isNotNull();
            System.out.println("failed after " + took.toMillis() + " ms: " + t.getMessage());
            return new Failed(t, took);
        }
    }

    /** Runs {@code flow} and returns its failure, asserting it came within {@code deadline} + {@link #MARGIN} as one line. */
    static Failed failsWithin(Dataflow flow, RunConfig config, Duration deadline) throws Exception {
        long start = System.nanoTime();
        Failed f = new Running(flow, config).failure(start, deadline);
        assertWithin(f, deadline);
        return f;
    }

    static void assertWithin(Failed f, Duration deadline) {
        assertThat(f.took()).as("time to fail, deadline " + deadline).isLessThan(deadline.plus(MARGIN));
        assertThat(f.message()).as("one line").doesNotContain("\n");
    }

    static RunConfig config(Path store, Duration epoch) {
        return RunConfig.defaults().withWorkers(2).withEpochInterval(epoch)
                .withRecovery(new RecoveryConfig(store, Duration.ZERO));
    }

    /** Polls {@code condition} every 20 ms until it holds; fails after {@code bound}. */
    static void await(String what, Duration bound, BooleanSupplier condition) {
        long end = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + bound + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** True when a read_committed consumer can read {@code topic} to its log end: no transaction is open on it. */
    static boolean noOpenTransaction(String servers, String topic) {
        Map<String, Object> base = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        try (KafkaConsumer<byte[], byte[]> committed = consumer(base, "read_committed");
             KafkaConsumer<byte[], byte[]> all = consumer(base, "read_uncommitted")) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo pi : all.partitionsFor(topic, Duration.ofSeconds(20))) {
                tps.add(new TopicPartition(topic, pi.partition()));
            }
            return committed.endOffsets(tps, Duration.ofSeconds(20)).equals(all.endOffsets(tps, Duration.ofSeconds(20)));
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> base, String isolation) {
        Map<String, Object> p = new java.util.HashMap<>(base);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The given sink, except that it never learns an epoch was committed: its transactions stay prepared, as when
     * a run is killed between the recovery store's commit and Kafka's.
     */
    static <T, S> PartitionedSink<T, S> neverCommitted(PartitionedSink<T, S> sink) {
        return new PartitionedSink<>() {
            @Override
            public List<String> listPartitions() throws Exception {
                return sink.listPartitions();
            }

            @Override
            public SinkPartition<T, S> buildPartition(String partition, S resumeState) throws Exception {
                SinkPartition<T, S> p = sink.buildPartition(partition, resumeState);
                return new SinkPartition<>() {
                    @Override
                    public void writeBatch(List<T> items) throws Exception {
                        p.writeBatch(items);
                    }

                    @Override
                    public S snapshot() throws Exception {
                        return p.snapshot();
                    }

                    @Override
                    public void close() throws Exception {
                        p.close();
                    }
                };
            }
        };
    }

    /** Endless input: {@code KeyValue("k<i % 10>", "v<i>")}, 200 items per batch, about 10 batches a second per worker. */
    static DynamicSource<dev.flowstate.KeyValue<String, String>> endless() {
        return (worker, count) -> new SourcePartition<dev.flowstate.KeyValue<String, String>, Object>() {
            private long next;
            private Instant awake;

            @Override
            public boolean nextBatch(Consumer<? super dev.flowstate.KeyValue<String, String>> out) {
                if (awake != null && Instant.now().isBefore(awake)) {
                    return true;
                }
                for (int i = 0; i < 200; i++, next++) {
                    out.accept(new dev.flowstate.KeyValue<>("k" + (next % 10), "w" + worker + "-" + next));
                }
                awake = Instant.now().plusMillis(100);
                return true;
            }

            @Override
            public Instant nextAwake() {
                return awake;
            }

            @Override
            public Object snapshot() {
                return null;
            }
        };
    }
}
