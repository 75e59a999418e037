package dev.flowstate.kafka;

/**
 * A Kafka output failed (a send, a topic lookup, a transaction call); the message is one line naming the brokers,
 * topic, partition and what to do.
 */
public final class KafkaSinkException extends RuntimeException {
    public KafkaSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
