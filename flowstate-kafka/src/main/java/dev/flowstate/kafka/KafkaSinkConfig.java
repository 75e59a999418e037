package dev.flowstate.kafka;

import dev.flowstate.io.LostOutput;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link KafkaSink} writes. Immutable; each {@code with...} method returns a copy.
 *
 * <ul>
 *   <li>{@code brokers}: {@code bootstrap.servers}.</li>
 *   <li>{@link #withPartitions}: how many sink partitions (each one producer, on one worker; default 1). Items are
 *       routed to sink partitions by the engine's stable hash of the item (of its key for a {@code KeyValue}).
 *       Unrelated to the topic's partitions: the producer's partitioner picks those.</li>
 *   <li>{@link #withExactlyOnce}: one Kafka transaction per epoch and sink partition, transactional ids
 *       {@code <prefix>-<sink partition>-<sequence>}. The prefix must be unique per sink and stable across restarts.</li>
 *   <li>{@link #withTransactionTimeout}: {@code transaction.timeout.ms} (default 15 min, the broker's default
 *       maximum). It must exceed the epoch interval plus the time until a crashed run is restarted.</li>
 *   <li>{@link #withTimeout}: the deadline of every call to the brokers (default 30 s): sending a batch until every
 *       record is acknowledged, looking up a topic, starting, committing and aborting a transaction; it sets
 *       {@code max.block.ms} and {@code delivery.timeout.ms} to it and {@code request.timeout.ms} to half of it. Any
 *       failure (brokers gone, topic missing, not authorized, transaction fenced) fails the run within it.</li>
 *   <li>{@link #withAcceptLostOutput}: continue when a prepared transaction of an epoch the recovery store committed
 *       was aborted by the broker (its timeout passed while the job was down), logging the loss and recording the
 *       epoch for {@code flowstate recovery inspect}; default false (the run fails), or true when the JVM runs with
 *       {@code flowstate run --accept-lost-output} ({@link LostOutput#ACCEPT_PROPERTY}).</li>
 *   <li>{@link #withProducerProperties}: extra {@code KafkaProducer} properties.</li>
 * </ul>
 */
public final class KafkaSinkConfig {
    /** The default deadline of every call to the brokers. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String brokers;
    private final int partitions;
    private final DeliveryGuarantee guarantee;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;
    private final Duration timeout;
    private final Map<String, Object> producerProperties;
    private final boolean acceptLostOutput;

    private KafkaSinkConfig(String brokers, int partitions, DeliveryGuarantee guarantee, String prefix,
                            Duration transactionTimeout, Duration timeout, Map<String, Object> producerProperties) {
        this(brokers, partitions, guarantee, prefix, transactionTimeout, timeout, producerProperties,
                LostOutput.acceptedByDefault());
    }

    private KafkaSinkConfig(String brokers, int partitions, DeliveryGuarantee guarantee, String prefix,
                            Duration transactionTimeout, Duration timeout, Map<String, Object> producerProperties,
                            boolean acceptLostOutput) {
        this.brokers = Objects.requireNonNull(brokers, "brokers");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive, was " + partitions);
        }
        this.partitions = partitions;
        this.guarantee = Objects.requireNonNull(guarantee, "guarantee");
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && (prefix == null || prefix.isBlank())) {
            throw new IllegalArgumentException("exactly-once needs a transactional id prefix");
        }
        this.transactionalIdPrefix = prefix;
        this.transactionTimeout = transactionTimeout;
        if (timeout.toMillis() < 1000) {
            throw new IllegalArgumentException("timeout must be at least 1 s, was " + timeout);
        }
        this.timeout = timeout;
        this.producerProperties = Map.copyOf(producerProperties);
        this.acceptLostOutput = acceptLostOutput;
    }

    /** At-least-once to {@code brokers}, one sink partition. */
    public static KafkaSinkConfig of(String brokers) {
        return new KafkaSinkConfig(brokers, 1, DeliveryGuarantee.AT_LEAST_ONCE, null, Duration.ofMinutes(15),
                DEFAULT_TIMEOUT, Map.of());
    }

    /** Exactly-once with transactional ids {@code <prefix>-<sink partition>-<sequence>}. */
    public KafkaSinkConfig withExactlyOnce(String transactionalIdPrefix) {
        return new KafkaSinkConfig(brokers, partitions, DeliveryGuarantee.EXACTLY_ONCE, transactionalIdPrefix,
                transactionTimeout, timeout, producerProperties, acceptLostOutput);
    }

    public KafkaSinkConfig withPartitions(int n) {
        return new KafkaSinkConfig(brokers, n, guarantee, transactionalIdPrefix, transactionTimeout, timeout,
                producerProperties, acceptLostOutput);
    }

    public KafkaSinkConfig withTransactionTimeout(Duration t) {
        return new KafkaSinkConfig(brokers, partitions, guarantee, transactionalIdPrefix, t, timeout, producerProperties,
                acceptLostOutput);
    }

    /** The deadline of every call to the brokers (at least 1 s; default 30 s); see the class comment. */
    public KafkaSinkConfig withTimeout(Duration t) {
        return new KafkaSinkConfig(brokers, partitions, guarantee, transactionalIdPrefix, transactionTimeout, t,
                producerProperties, acceptLostOutput);
    }

    /** Adds (or replaces) producer properties. */
    public KafkaSinkConfig withProducerProperties(Map<String, ?> props) {
        Map<String, Object> merged = new HashMap<>(producerProperties);
        merged.putAll(props);
        return new KafkaSinkConfig(brokers, partitions, guarantee, transactionalIdPrefix, transactionTimeout, timeout,
                merged, acceptLostOutput);
    }

    /**
     * Whether a resumed run continues past an epoch whose prepared transaction the broker aborted (logging the loss
     * and recording the epoch for {@code flowstate recovery inspect}) instead of failing. Default: false, or true
     * under {@code flowstate run --accept-lost-output}.
     */
    public KafkaSinkConfig withAcceptLostOutput(boolean accept) {
        return new KafkaSinkConfig(brokers, partitions, guarantee, transactionalIdPrefix, transactionTimeout, timeout,
                producerProperties, accept);
    }

    public boolean acceptLostOutput() {
        return acceptLostOutput;
    }

    public String brokers() {
        return brokers;
    }

    public int partitions() {
        return partitions;
    }

    public DeliveryGuarantee guarantee() {
        return guarantee;
    }

    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public Map<String, Object> producerProperties() {
        return producerProperties;
    }

    @Override
    public String toString() {
        return "KafkaSinkConfig{brokers=" + brokers + ", partitions=" + partitions + ", guarantee=" + guarantee
                + (transactionalIdPrefix == null ? "" : ", prefix=" + transactionalIdPrefix) + "}";
    }
}
