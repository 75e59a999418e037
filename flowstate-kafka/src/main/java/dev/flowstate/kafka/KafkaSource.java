package dev.flowstate.kafka;

import dev.flowstate.io.PartitionedSource;
import dev.flowstate.io.SourcePartition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads Kafka topics as a recoverable, partitioned input: one input partition per topic-partition (named
 * {@code topic-partition}), spread over the workers by the engine. Each partition has its own
 * {@code KafkaConsumer} with {@code assign} (no consumer group, no offset commits); its resume state is the next
 * offset to read, kept in the recovery store, so a resumed run continues exactly after the last snapshot.
 *
 * <p><b>Deserialization.</b> The consumer reads bytes; the key and value deserializers given here are applied per
 * record. With {@link #records} a record that fails to deserialize stops the dataflow with an error naming topic,
 * partition and offset; with {@link #messages} it is emitted as a {@link KafkaError} instead, for the dataflow to
 * route to an error output. The deserializers are shared by the partitions of all workers, so they must be
 * thread-safe (Kafka's built-in ones are).
 *
 * <p><b>Errors within bounded time.</b> Listing partitions fails after {@link KafkaSourceConfig#timeout()} with
 * {@code topic T does not exist} or {@code brokers B did not answer}; an idle partition whose broker stays
 * unreachable for the timeout fails the dataflow too.
 *
 * @param <T> item type: {@code KafkaRecord<K,V>} or {@code KafkaMessage<K,V>}
 */
public final class KafkaSource<T> implements PartitionedSource<T, Long> {
    /** Turns a raw record into an item, or throws. */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(ConsumerRecord<byte[], byte[]> r);
    }

    private final KafkaSourceConfig config;
    private final Decoder<T> decoder;

    private KafkaSource(KafkaSourceConfig config, Decoder<T> decoder) {
        this.config = Objects.requireNonNull(config, "config");
        this.decoder = decoder;
    }

    /** Emits {@link KafkaRecord}s; a record that fails to deserialize fails the dataflow. */
    public static <K, V> KafkaSource<KafkaRecord<K, V>> records(KafkaSourceConfig config, Deserializer<K> keys,
                                                                Deserializer<V> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        return new KafkaSource<>(config, r -> {
            try {
                return decode(r, keys, values);
            } catch (RuntimeException e) {
                throw new KafkaSourceException("could not deserialize the record at topic " + r.topic() + " partition "
                        + r.partition() + " offset " + r.offset() + ": " + e, e);
            }
        });
    }

    /** Emits {@link KafkaRecord}s and, for records that fail to deserialize, {@link KafkaError}s. */
    public static <K, V> KafkaSource<KafkaMessage<K, V>> messages(KafkaSourceConfig config, Deserializer<K> keys,
                                                                  Deserializer<V> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        return new KafkaSource<>(config, r -> {
            try {
                return decode(r, keys, values);
            } catch (RuntimeException e) {
                return new KafkaError<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(),
                        e.getClass().getName() + ": " + e.getMessage());
            }
        });
    }

    private static <K, V> KafkaRecord<K, V> decode(ConsumerRecord<byte[], byte[]> r, Deserializer<K> keys,
                                                   Deserializer<V> values) {
        K k = r.key() == null ? null : keys.deserialize(r.topic(), r.headers(), r.key());
        V v = r.value() == null ? null : values.deserialize(r.topic(), r.headers(), r.value());
        return new KafkaRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), k, v);
    }

    public KafkaSourceConfig config() {
        return config;
    }

    /** {@code topic-partition} for every partition of every topic; fails within the timeout if one is missing. */
    @Override
    public List<String> listPartitions() {
        long ms = config.timeout().toMillis();
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.brokers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ms,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(ms / 2, 1)));
        try {
            List<String> names = new ArrayList<>();
            for (String topic : config.topics()) {
                TopicDescription d;
                try {
                    d = admin.describeTopics(List.of(topic)).allTopicNames().get(ms, TimeUnit.MILLISECONDS).get(topic);
                } catch (ExecutionException e) {
                    throw failure(e.getCause(), topic);
                } catch (TimeoutException e) {
                    throw failure(e, topic);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaSourceException("interrupted while listing the partitions of topic " + topic, e);
                }
                d.partitions().forEach(p -> names.add(topic + "-" + p.partition()));
            }
            return names;
        } finally {
            admin.close(Duration.ZERO); // never wait on brokers that did not answer
        }
    }

    private KafkaSourceException failure(Throwable e, String topic) {
        return new KafkaSourceException(KafkaFailure.describe(e, config.brokers(), config.timeout(),
                "listing the partitions of topic " + topic, topic, null), e);
    }

    @Override
    public SourcePartition<T, Long> buildPartition(String partition, Long resumeOffset) throws Exception {
        int dash = partition.lastIndexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("partition name '" + partition + "' is not topic-partition");
        }
        return new KafkaSourcePartition<>(config, partition.substring(0, dash),
                Integer.parseInt(partition.substring(dash + 1)), resumeOffset, decoder);
    }
}
