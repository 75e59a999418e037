package dev.flowstate.recovery.kafka;

import dev.flowstate.recovery.remote.Records;
import dev.flowstate.recovery.remote.RemoteBackendProvider;
import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code kafka://HOST:PORT[,HOST:PORT...]/PREFIX} recovery store: topics {@code PREFIX.rows} and
 * {@code PREFIX.meta} on any Kafka cluster with transactions (brokers 2.5 or later). Options: see
 * {@link KafkaSettings}. Registered with {@link java.util.ServiceLoader}.
 */
public final class KafkaBackendProvider extends RemoteBackendProvider {
    public KafkaBackendProvider() {
        super("kafka", "Kafka topics");
    }

    /**
     * Creates both topics (an existing one, left by an interrupted init, is reused), then commits the identity
     * record in the meta topic: that record is the commit point.
     */
    @Override
    public void init(StoreLocation location, int partitions, StoreIdentity identity) {
        KafkaSettings settings = KafkaSettings.of(location);
        try (KafkaBackend backend = new KafkaBackend(location, settings, false)) {
            KafkaTopics topics = backend.topics();
            if (topics.partitions(settings.metaTopic()) >= 0) {
                Map<String, byte[]> meta = backend.meta();
                if (meta.containsKey("identity")) {
                    throw new RecoveryBackendException(Kind.ALREADY_INITIALIZED, location.text(), "a store exists here");
                }
                if (!meta.isEmpty()) {
                    throw new RecoveryBackendException(Kind.NOT_EMPTY, settings.metaTopic(), "the topic holds records"
                            + " that are not a Flowstate store; choose another prefix");
                }
            }
            int n = Math.max(1, Math.min(partitions, 1000));
            topics.createCompacted(settings.metaTopic(), 1, Map.of("segment.ms", "60000"));
            topics.createCompacted(settings.rowsTopic(), n, Map.of("segment.ms", "600000"));
            int actual = topics.partitions(settings.rowsTopic());
            StoreIdentity stored = withPartitions(identity, actual);
            try (KafkaProducer<byte[], byte[]> p = topics.producer(settings.prefix() + ".init")) {
                try {
                    p.beginTransaction();
                    p.send(new ProducerRecord<>(settings.metaTopic(), 0, "identity".getBytes(StandardCharsets.UTF_8),
                            Records.bytes(Records.identity(stored, ""))));
                    p.commitTransaction();
                } catch (KafkaException e) {
                    KafkaLease.abortQuietly(p);
                    throw topics.classify(e, settings.metaTopic(), "writing the identity record");
                }
            }
        }
    }

    @Override
    public RecoveryBackend open(StoreLocation location, boolean readOnly) {
        KafkaSettings settings = KafkaSettings.of(location);
        return checked(new KafkaBackend(location, settings, readOnly), backend -> {
            if (backend.topics().partitions(settings.metaTopic()) < 0) {
                throw new RecoveryBackendException(Kind.NOT_INITIALIZED, location.text(), "topic "
                        + settings.metaTopic() + " does not exist");
            }
            if (backend.topics().partitions(settings.rowsTopic()) < 0) {
                throw new RecoveryBackendException(Kind.DAMAGED, location.text(), "topic " + settings.rowsTopic()
                        + " is missing");
            }
        });
    }
}
