package dev.flowstate.kafka;

/** A Kafka input failed: a missing topic, unreachable brokers, or a record that could not be deserialized. */
public final class KafkaSourceException extends RuntimeException {
    public KafkaSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
