package dev.flowstate.kafka;

/**
 * What a {@link KafkaSource} built with {@link KafkaSource#messages} emits: a {@link KafkaRecord} when the key and
 * value deserialized, a {@link KafkaError} when they did not. Split them with {@code instanceof} or a pattern
 * {@code switch}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public sealed interface KafkaMessage<K, V> permits KafkaRecord, KafkaError {
    String topic();

    int partition();

    long offset();
}
