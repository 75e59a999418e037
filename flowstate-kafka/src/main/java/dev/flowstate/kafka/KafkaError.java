package dev.flowstate.kafka;

/**
 * A record whose key or value could not be deserialized, with its raw bytes (either may be null) and the error.
 *
 * @param error the deserializer's exception, as {@code ClassName: message}
 */
public record KafkaError<K, V>(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                               String error) implements KafkaMessage<K, V> {
    @Override
    public String toString() {
        return "KafkaError[" + topic + "-" + partition + "@" + offset + ": " + error + "]";
    }
}
