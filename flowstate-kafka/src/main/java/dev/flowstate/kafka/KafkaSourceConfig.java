package dev.flowstate.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link KafkaSource} reads and how. Immutable; each {@code with...} method returns a copy.
 *
 * <ul>
 *   <li>{@code brokers}: {@code bootstrap.servers}, e.g. {@code "127.0.0.1:9092"}.</li>
 *   <li>{@code topics}: one input partition per topic-partition, named {@code topic-partition}.</li>
 *   <li>{@link #withStartOffset}: where a partition without a saved offset starts (default earliest).</li>
 *   <li>{@link #withStopAtEnd}: stop each partition at the end offset seen when the run started (default: tail
 *       forever).</li>
 *   <li>{@link #withBatchSize}: records per poll and per batch (default 1000).</li>
 *   <li>{@link #withTimeout}: the bound on listing partitions, finding start offsets, and on how long the broker may
 *       be unreachable while the partition is idle before the dataflow fails (default 30 s).</li>
 *   <li>{@link #withConsumerProperties}: extra {@code KafkaConsumer} properties (security, fetch sizes,
 *       {@code isolation.level}, ...). Group management is not used ({@code assign}, no commits): {@code group.id},
 *       deserializers and {@code enable.auto.commit} are set by the source.</li>
 * </ul>
 */
public final class KafkaSourceConfig {
    private final String brokers;
    private final List<String> topics;
    private final StartOffset startOffset;
    private final boolean stopAtEnd;
    private final int batchSize;
    private final Duration timeout;
    private final Map<String, Object> consumerProperties;

    private KafkaSourceConfig(String brokers, List<String> topics, StartOffset startOffset, boolean stopAtEnd,
                              int batchSize, Duration timeout, Map<String, Object> consumerProperties) {
        this.brokers = Objects.requireNonNull(brokers, "brokers");
        this.topics = List.copyOf(topics);
        if (this.topics.isEmpty()) {
            throw new IllegalArgumentException("at least one topic is needed");
        }
        this.startOffset = Objects.requireNonNull(startOffset, "startOffset");
        this.stopAtEnd = stopAtEnd;
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        this.batchSize = batchSize;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
        this.consumerProperties = Map.copyOf(consumerProperties);
    }

    /** Reads {@code topics} from {@code brokers}: earliest offset, tail forever, 1000 records per batch, 30 s timeout. */
    public static KafkaSourceConfig of(String brokers, String... topics) {
        return new KafkaSourceConfig(brokers, List.of(topics), StartOffset.earliest(), false, 1000,
                Duration.ofSeconds(30), Map.of());
    }

    public KafkaSourceConfig withStartOffset(StartOffset start) {
        return new KafkaSourceConfig(brokers, topics, start, stopAtEnd, batchSize, timeout, consumerProperties);
    }

    public KafkaSourceConfig withStopAtEnd(boolean stop) {
        return new KafkaSourceConfig(brokers, topics, startOffset, stop, batchSize, timeout, consumerProperties);
    }

    public KafkaSourceConfig withBatchSize(int size) {
        return new KafkaSourceConfig(brokers, topics, startOffset, stopAtEnd, size, timeout, consumerProperties);
    }

    public KafkaSourceConfig withTimeout(Duration t) {
        return new KafkaSourceConfig(brokers, topics, startOffset, stopAtEnd, batchSize, t, consumerProperties);
    }

    /** Adds (or replaces) consumer properties. */
    public KafkaSourceConfig withConsumerProperties(Map<String, ?> props) {
        Map<String, Object> merged = new HashMap<>(consumerProperties);
        merged.putAll(props);
        return new KafkaSourceConfig(brokers, topics, startOffset, stopAtEnd, batchSize, timeout, merged);
    }

    public String brokers() {
        return brokers;
    }

    public List<String> topics() {
        return topics;
    }

    public StartOffset startOffset() {
        return startOffset;
    }

    public boolean stopAtEnd() {
        return stopAtEnd;
    }

    public int batchSize() {
        return batchSize;
    }

    public Duration timeout() {
        return timeout;
    }

    public Map<String, Object> consumerProperties() {
        return consumerProperties;
    }

    @Override
    public String toString() {
        return "KafkaSourceConfig{brokers=" + brokers + ", topics=" + topics + ", start=" + startOffset
                + ", stopAtEnd=" + stopAtEnd + ", batchSize=" + batchSize + ", timeout=" + timeout + "}";
    }
}
