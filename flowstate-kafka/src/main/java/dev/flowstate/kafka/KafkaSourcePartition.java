package dev.flowstate.kafka;

import dev.flowstate.io.SourcePartition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One topic-partition read by one worker: its own consumer, {@code assign}ed and positioned at the resume offset
 * (or the configured start). {@link #nextBatch} polls without blocking and emits everything polled (at most the
 * batch size, which is {@code max.poll.records}); when nothing came it sleeps a little via {@link #nextAwake}. The
 * snapshot is the consumer's position, which also steps over transaction markers and aborted records.
 */
final class KafkaSourcePartition<T> implements SourcePartition<T, Long> {
    private static final Duration IDLE_BACKOFF = Duration.ofMillis(5);
    private static final Duration LIVENESS_CHECK_EVERY = Duration.ofSeconds(2);

    private final KafkaSourceConfig config;
    private final TopicPartition tp;
    private final KafkaSource.Decoder<T> decoder;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long endOffset;
    private long next;
    private Instant awake;
    private long idleSinceNanos = -1;
    private long lastLivenessNanos;

    KafkaSourcePartition(KafkaSourceConfig config, String topic, int partition, Long resumeOffset,
                         KafkaSource.Decoder<T> decoder) {
        this.config = config;
        this.tp = new TopicPartition(topic, partition);
        this.decoder = decoder;
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.putAll(config.consumerProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.brokers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batchSize());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(config.timeout().toMillis(), 30_000));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "flowstate-" + tp);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.assign(List.of(tp));
            this.next = resumeOffset != null ? resumeOffset : startOffset();
            consumer.seek(tp, next);
            this.endOffset = config.stopAtEnd() ? consumer.endOffsets(List.of(tp), config.timeout()).get(tp) : -1;
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw failure(e, "opening " + tp);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    private long startOffset() {
        Duration t = config.timeout();
        StartOffset start = config.startOffset();
        if (start instanceof StartOffset.Earliest) {
            return consumer.beginningOffsets(List.of(tp), t).get(tp);
        }
        if (start instanceof StartOffset.Timestamp ts) {
            OffsetAndTimestamp found = consumer.offsetsForTimes(Map.of(tp, ts.time().toEpochMilli()), t).get(tp);
            if (found != null) {
                return found.offset();
            }
        }
        return consumer.endOffsets(List.of(tp), t).get(tp);
    }

    @Override
    public boolean nextBatch(Consumer<? super T> out) {
        if (endOffset >= 0 && next >= endOffset) {
            return false;
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(Duration.ZERO);
        } catch (KafkaException e) {
            throw failure(e, "reading " + tp + " (at offset " + next + ")");
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (endOffset >= 0 && r.offset() >= endOffset) {
                break;
            }
            out.accept(decoder.decode(r));
        }
        // Everything polled below the end was emitted; the position also steps over transaction markers and
        // aborted records, so it is where to resume.
        long position;
        try {
            position = consumer.position(tp); // bounded by default.api.timeout.ms = the timeout
        } catch (KafkaException e) {
            throw failure(e, "reading " + tp + " (at offset " + next + ")");
        }
        next = endOffset >= 0 ? Math.min(position, endOffset) : position;
        if (records.isEmpty()) {
            idle();
        } else {
            awake = null;
            idleSinceNanos = -1;
        }
        return endOffset < 0 || next < endOffset;
    }

    /** Nothing polled: sleep briefly; when idle for a while, check the broker still answers (bounded by the timeout). */
    private void idle() {
        long now = System.nanoTime();
        awake = Instant.now().plus(IDLE_BACKOFF);
        if (idleSinceNanos < 0) {
            idleSinceNanos = now;
            lastLivenessNanos = now;
            return;
        }
        if (now - lastLivenessNanos >= LIVENESS_CHECK_EVERY.toNanos()) {
            lastLivenessNanos = now;
            try {
                consumer.endOffsets(List.of(tp), config.timeout());
            } catch (KafkaException e) {
                throw failure(e, "reading " + tp + " (at offset " + next + ")");
            }
        }
    }

    private KafkaSourceException failure(KafkaException e, String doing) {
        return new KafkaSourceException(KafkaFailure.describe(e, config.brokers(), config.timeout(), doing,
                tp.topic(), null), e);
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
    public void close() {
        consumer.close(Duration.ZERO);
    }
}
