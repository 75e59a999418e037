package dev.flowstate.internal.serde;

/** A value could not be turned into bytes or back; the message names the type. */
public final class SerializationException extends RuntimeException {
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
