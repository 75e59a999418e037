package dev.flowstate.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * What both sink modes do to write a batch: check that each topic not seen before exists (one admin call, so a
 * missing topic fails at once instead of after {@code max.block.ms} per record), send every record, and wait for
 * every send result within the sink's timeout before the batch counts as written. No error is left in a callback:
 * the first failure is thrown from here as a one-line {@link KafkaSinkException} (see {@link KafkaFailure}).
 *
 * <p>One per sink partition, used from its worker thread only.
 */
final class SinkWriter implements AutoCloseable {
    private final KafkaSinkConfig config;
    private final String partition;
    private final Map<String, Object> adminProps;
    private final Set<String> knownTopics = new HashSet<>();
    private Admin admin;

    SinkWriter(KafkaSinkConfig config, Map<String, Object> producerProps, String partition) {
        this.config = config;
        this.partition = partition;
        this.adminProps = new HashMap<>();
        for (Map.Entry<String, Object> e : producerProps.entrySet()) {
            if (AdminClientConfig.configNames().contains(e.getKey())) {
                adminProps.put(e.getKey(), e.getValue());
            }
        }
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "flowstate-sink-" + partition + "-admin");
    }

    /**
     * Sends {@code items} through {@code producer} and returns once every record is acknowledged.
     *
     * @param txn the transactional id in use, or null (for messages)
     * @throws KafkaSinkException on the first failure, or when the results are not all in within the timeout
     */
    <T> void writeAll(KafkaProducer<byte[], byte[]> producer, List<T> items,
                      Function<? super T, ProducerRecord<byte[], byte[]>> toRecord, String txn) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        List<Future<RecordMetadata>> results = new ArrayList<>(items.size());
        List<String> topics = new ArrayList<>(items.size());
        AtomicReference<RecordMetadata> failedAt = new AtomicReference<>();
        for (T item : items) {
            ProducerRecord<byte[], byte[]> r = toRecord.apply(item);
            if (knownTopics.add(r.topic())) {
                checkTopic(r.topic(), txn);
            }
            Future<RecordMetadata> f;
            try {
                // The callback only notes where a failed record was headed, for the message; the result is read below.
                f = producer.send(r, (md, e) -> {
                    if (e != null && md != null) {
                        failedAt.compareAndSet(null, md);
                    }
                });
            } catch (RuntimeException e) {
                throw failure(e, "writing to " + where(r.topic(), r.partition(), txn), r.topic());
            }
            if (f.isDone()) {
                await(f, 0, r.topic(), r.partition(), failedAt, txn); // failed at once: metadata, authorization
            }
            results.add(f);
            topics.add(r.topic());
        }
        for (int i = 0; i < results.size(); i++) {
            await(results.get(i), deadline - System.nanoTime(), topics.get(i), null, failedAt, txn);
        }
    }

    private void await(Future<RecordMetadata> f, long nanos, String topic, Integer partitionHint,
                       AtomicReference<RecordMetadata> failedAt, String txn) {
        try {
            f.get(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            RecordMetadata md = failedAt.get();
            Integer p = md != null && md.partition() >= 0 ? Integer.valueOf(md.partition()) : partitionHint;
            throw failure(e instanceof ExecutionException ? e.getCause() : e, "writing to " + where(topic, p, txn), topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSinkException("interrupted while writing to " + where(topic, partitionHint, txn), e);
        }
    }

    /** Fails fast (one admin round trip, bounded by the timeout) if {@code topic} does not exist or cannot be seen. */
    private void checkTopic(String topic, String txn) {
        try {
            if (admin == null) {
                admin = Admin.create(adminProps);
            }
            admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            knownTopics.remove(topic);
            throw failure(e instanceof ExecutionException ? e.getCause() : e,
                    "looking up " + where(topic, null, txn), topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSinkException("interrupted while looking up topic " + topic, e);
        }
    }

    /** A one-line failure naming brokers, topic, partition and what to do. */
    KafkaSinkException failure(Throwable e, String doing, String topic) {
        return new KafkaSinkException(KafkaFailure.describe(e, config.brokers(), config.timeout(), doing, topic,
                fencingAdvice()), e);
    }

    private String fencingAdvice() {
        return config.transactionalIdPrefix() == null ? null
                : "another run or sink uses the transactional id prefix '" + config.transactionalIdPrefix()
                + "'; give every sink its own prefix and run one dataflow per recovery store, then run again";
    }

    /** "topic T partition P (sink partition S, transaction X)" */
    String where(String topic, Integer kafkaPartition, String txn) {
        return "topic " + topic + (kafkaPartition == null ? "" : " partition " + kafkaPartition) + " (sink partition "
                + partition + (txn == null ? "" : ", transaction " + txn) + ")";
    }

    /** "sink partition S, transaction X" */
    String where(String txn) {
        return "sink partition " + partition + (txn == null ? "" : ", transaction " + txn);
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
            admin = null;
        }
    }
}
