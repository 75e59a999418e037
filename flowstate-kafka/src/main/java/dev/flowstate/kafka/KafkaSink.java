package dev.flowstate.kafka;

import dev.flowstate.KeyValue;
import dev.flowstate.io.PartitionedSink;
import dev.flowstate.io.SinkPartition;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes items to Kafka, at-least-once or exactly-once ({@link KafkaSinkConfig#withExactlyOnce}). Each item becomes
 * one {@code ProducerRecord<byte[], byte[]>} by the given function; {@link #keyValues} does that for
 * {@code KeyValue} items with serializers.
 *
 * <p><b>Writing.</b> A batch counts as written only once every record of it is acknowledged; the first send error,
 * a missing topic (checked once per topic, before the first send) or a broker that does not answer within
 * {@link KafkaSinkConfig#timeout()} fails the dataflow with one line naming brokers, topic, partition and what to do.
 * Every call to the brokers is bounded by that timeout.
 *
 * <p><b>At-least-once.</b> One idempotent producer per sink partition. Epochs replayed after a crash are written
 * again.
 *
 * <p><b>Exactly-once</b> (two-phase commit, as Flink's Kafka sink): the records of epoch {@code e} go into one
 * Kafka transaction per sink partition with the transactional id {@code prefix-partition-sequence}. At the close of
 * {@code e} the transaction (all of it acknowledged) is prepared: its producer id and epoch are saved in the sink's
 * snapshot; it is committed only when the engine reports {@code e} committed in the recovery store. A resumed run commits the
 * prepared transactions recorded in its resume state (committing twice is harmless) and aborts the transactions a
 * crashed run left open after that state, so a {@code read_committed} consumer sees each output exactly once. See
 * docs/kafka.md for the assumptions (transaction timeout, one run per prefix). A prepared transaction the broker
 * aborted while the job was down fails the resumed run, unless {@link KafkaSinkConfig#withAcceptLostOutput} (or
 * {@code flowstate run --accept-lost-output}) accepts the loss: then it is logged and recorded for
 * {@code flowstate recovery inspect}, and the run continues.
 *
 * <p><b>The final epoch.</b> A run that reaches the end of its input waits until its last epoch is committed in the
 * recovery store and reports it to the sink before closing it, so that epoch's transactions are committed before
 * {@code Flowstate.run} returns. If a run fails, transactions still prepared are left to the next run over the same
 * recovery store, which commits those its resume state lists.
 *
 * @param <T> item type
 */
public final class KafkaSink<T> implements PartitionedSink<T, KafkaSinkState> {
    private final KafkaSinkConfig config;
    private final Function<? super T, ProducerRecord<byte[], byte[]>> toRecord;
    /** The one topic written, when known (for messages about transactions), else null. */
    private final String topic;

    public KafkaSink(KafkaSinkConfig config, Function<? super T, ProducerRecord<byte[], byte[]>> toRecord) {
        this(config, toRecord, null);
    }

    private KafkaSink(KafkaSinkConfig config, Function<? super T, ProducerRecord<byte[], byte[]>> toRecord,
                      String topic) {
        this.config = Objects.requireNonNull(config, "config");
        this.toRecord = Objects.requireNonNull(toRecord, "toRecord");
        this.topic = topic;
    }

    /** Writes {@code KeyValue} items to {@code topic}, serializing key and value. */
    public static <K, V> KafkaSink<KeyValue<K, V>> keyValues(KafkaSinkConfig config, String topic,
                                                             Serializer<K> keys, Serializer<V> values) {
        Objects.requireNonNull(topic, "topic");
        return new KafkaSink<>(config, kv -> new ProducerRecord<>(topic,
                kv.key() == null ? null : keys.serialize(topic, kv.key()),
                kv.value() == null ? null : values.serialize(topic, kv.value())), topic);
    }

    public KafkaSinkConfig config() {
        return config;
    }

    /** Sink partitions {@code 0}, {@code 1}, ... (zero-padded so the sorted order is the numeric order). */
    @Override
    public List<String> listPartitions() {
        int width = Integer.toString(config.partitions() - 1).length();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < config.partitions(); i++) {
            names.add(String.format("%0" + width + "d", i));
        }
        return names;
    }

    @Override
    public SinkPartition<T, KafkaSinkState> buildPartition(String partition, KafkaSinkState resumeState) {
        if (config.guarantee() == DeliveryGuarantee.AT_LEAST_ONCE) {
            return new AtLeastOnceSinkPartition<>(config, producerProperties(), partition, toRecord);
        }
        return new ExactlyOnceSinkPartition<>(this, partition, resumeState);
    }

    String topic() {
        return topic;
    }

    Function<? super T, ProducerRecord<byte[], byte[]>> toRecord() {
        return toRecord;
    }

    /** The producer properties every sink producer uses (without transactional.id). */
    Map<String, Object> producerProperties() {
        Map<String, Object> p = new HashMap<>();
        // No lingering: each batch waits for its acknowledgements (SinkWriter), so a linger would only delay every
        // batch; records sent while a request is in flight still gather into the next one.
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        p.putAll(config.producerProperties());
        // Every blocking call is bounded by the one timeout: max.block.ms bounds send (metadata, buffer),
        // initTransactions, commit and abort; delivery.timeout.ms bounds each record; a request is retried once
        // within it. SinkWriter waits for send results with the same deadline.
        int timeout = (int) config.timeout().toMillis();
        int request = timeout / 2;
        int linger = Math.min(Integer.parseInt(String.valueOf(p.get(ProducerConfig.LINGER_MS_CONFIG))), request / 2);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.brokers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
        // A record expires a little before SinkWriter's own deadline, so the failure usually comes from the producer
        // with the topic-partition it was bound for (named in the message).
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeout - Math.min(2_000, timeout / 5), request + linger));
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
        return p;
    }

    String transactionalId(String partition, long sequence) {
        return config.transactionalIdPrefix() + "-" + partition + "-" + sequence;
    }
}
