package dev.flowstate.kafka;

/**
 * One Kafka record with its deserialized key and value (either may be null, as in Kafka).
 *
 * @param timestamp the record's timestamp in epoch milliseconds
 */
public record KafkaRecord<K, V>(String topic, int partition, long offset, long timestamp, K key, V value)
        implements KafkaMessage<K, V> {
}
