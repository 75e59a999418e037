package dev.flowstate.recovery.kafka;

import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Kafka side of the store: an admin client, transactional producers and whole-topic scans with
 * {@code read_committed}, every call bounded by the store's timeout and every failure classified.
 */
final class KafkaTopics implements AutoCloseable {
    /** Transactions are short (one worker epoch); a killed writer's open transaction is aborted this soon. */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(20);

    private final KafkaSettings settings;
    private final String where;
    private final Admin admin;

    KafkaTopics(KafkaSettings settings, String where) {
        this.settings = settings;
        this.where = where;
        int ms = (int) settings.timeout().toMillis();
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1000, ms / 2),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms));
    }

    /** Partition count of a topic, or -1 if it does not exist. */
    int partitions(String topic) {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return d.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return -1;
            }
            throw classify(e.getCause(), topic, "describing the topic");
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw classify(e, topic, "describing the topic");
        }
    }

    /** Creates a compacted topic; an existing one is left as it is. */
    void createCompacted(String topic, int partitions, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of("cleanup.policy", "compact",
                "min.cleanable.dirty.ratio", "0.1", "delete.retention.ms", "3600000"));
        config.putAll(extra);
        NewTopic t = new NewTopic(topic, Optional.of(partitions), Optional.ofNullable(settings.replicationFactor()))
                .configs(config);
        try {
            admin.createTopics(List.of(t)).all().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw classify(e.getCause(), topic, "creating the topic");
            }
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw classify(e, topic, "creating the topic");
        }
    }

    /** A transactional producer, initialized: fences every older producer with the same transactional id. */
    KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // No compression, like Kafka Streams changelogs: the broker must decompress every batch of a compacted topic
        // to check its keys, so lz4 cost CPU on both sides for rows that are mostly short keys and small states.
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.timeout().toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, settings.timeout().toMillis() / 2));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.timeout().toMillis());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
            return producer;
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw classify(e, transactionalId, "starting a transactional producer");
        }
    }

    /**
     * Calls {@code visitor} with every committed record of {@code topic}, partition by partition in offset order.
     * First waits until every transaction that was open when the scan began is resolved (committed or aborted:
     * a {@code read_committed} reader stops at the first open one, and must not miss committed records behind
     * it), at most {@link #TRANSACTION_TIMEOUT} plus the store timeout.
     */
    void scan(String topic, Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        scan(topic, size -> { }, visitor);
    }

    /**
     * As {@link #scan(String, Consumer)}, first telling {@code sizeHint} how many offsets the scan covers (records,
     * tombstones and transaction markers alike: an upper bound on the records passed), for presizing.
     */
    void scan(String topic, java.util.function.LongConsumer sizeHint, Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        int n = partitions(topic);
        if (n < 0) {
            throw new RecoveryBackendException(Kind.DAMAGED, topic, "the topic is missing");
        }
        List<TopicPartition> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(new TopicPartition(topic, i));
        }
        Map<TopicPartition, Long> target = awaitStable(parts);
        sizeHint.accept(target.values().stream().mapToLong(Long::longValue).sum());
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, settings.timeout().toMillis() / 2));
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.timeout().toMillis());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> pending = new ArrayList<>();
            for (TopicPartition tp : parts) {
                if (target.get(tp) > 0) {
                    pending.add(tp);
                }
            }
            consumer.assign(pending);
            consumer.seekToBeginning(pending);
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            while (!pending.isEmpty()) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    deadline = System.nanoTime() + settings.timeout().toNanos(); // progress: the bound is per fetch
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.offset() < target.get(new TopicPartition(r.topic(), r.partition()))) {
                        visitor.accept(r);
                    }
                }
                pending.removeIf(tp -> consumer.position(tp) >= target.get(tp));
                consumer.assign(pending);
                if (System.nanoTime() > deadline) {
                    throw new RecoveryBackendException(Kind.UNREACHABLE, topic, "reading the topic made no progress for "
                            + settings.timeout().toSeconds() + " s");
                }
            }
        } catch (KafkaException e) {
            throw classify(e, topic, "reading the topic");
        } finally {
            // No group, no offsets to commit: nothing to wait for. close() would wait out the fetch left in flight at
            // the end of the topic (fetch.max.wait.ms, 500 ms), and a resume reads the meta topic a dozen times.
            consumer.close(Duration.ZERO);
        }
    }

    /** End offsets once no transaction open at the start is still open (LSO caught up with the high watermark). */
    private Map<TopicPartition, Long> awaitStable(List<TopicPartition> parts) {
        Map<TopicPartition, Long> high = offsets(parts, IsolationLevel.READ_UNCOMMITTED);
        long deadline = System.nanoTime() + TRANSACTION_TIMEOUT.plus(settings.timeout()).toNanos();
        while (true) {
            Map<TopicPartition, Long> stable = offsets(parts, IsolationLevel.READ_COMMITTED);
            boolean caughtUp = parts.stream().allMatch(tp -> stable.get(tp) >= high.get(tp));
            if (caughtUp) {
                return high;
            }
            if (System.nanoTime() > deadline) {
                throw new RecoveryBackendException(Kind.UNREACHABLE, parts.get(0).topic(), "a transaction stayed open"
                        + " longer than the transaction timeout; is a writer stuck?");
            }
            try {
                Thread.sleep(100); // poll interval while an open transaction is committed or aborted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RecoveryBackendException(Kind.IO, where, "interrupted", e);
            }
        }
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> parts, IsolationLevel isolation) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        parts.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(specs, new ListOffsetsOptions(isolation)).all()
                    .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (ExecutionException e) {
            throw classify(e.getCause(), parts.get(0).topic(), "reading end offsets");
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw classify(e, parts.get(0).topic(), "reading end offsets");
        }
    }

    /** A Kafka failure as the store's kind of failure. */
    RecoveryBackendException classify(Throwable e, String what, String doing) {
        String at = what + " at " + settings.bootstrap();
        if (e instanceof RecoveryBackendException r) {
            return r;
        }
        if (e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException) {
            return new RecoveryBackendException(Kind.LOCK_LOST, at, doing + ": fenced by a newer writer of this store", e);
        }
        if (e instanceof AuthorizationException) {
            return new RecoveryBackendException(Kind.PERMISSION_DENIED, at, doing + " was denied: " + e.getMessage(), e);
        }
        if (e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException) {
            return new RecoveryBackendException(Kind.UNREACHABLE, at, doing + " timed out after "
                    + settings.timeout().toSeconds() + " s (are the brokers up?)", e);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new RecoveryBackendException(Kind.IO, at, doing + " failed: " + e, e);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
