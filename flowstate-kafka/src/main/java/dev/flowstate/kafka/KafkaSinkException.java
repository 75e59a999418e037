package dev.flowstate.kafka;

/** A Kafka output failed: a send, a flush, or committing a prepared transaction. */
public final class KafkaSinkException extends RuntimeException {
    public KafkaSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
