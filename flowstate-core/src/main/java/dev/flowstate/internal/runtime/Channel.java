package dev.flowstate.internal.runtime;

/**
 * A bounded FIFO of {@link Message}s from one worker to another for one exchange. Single producer, single consumer.
 * Bounded capacity is the backpressure: a full channel makes the sender hold back instead of buffering without end.
 */
public interface Channel {
    /** Appends a message; false if the channel is full (the sender keeps it and retries later). */
    boolean offer(Message message);

    /** The next message without removing it, or null. */
    Message peek();

    /** Removes the message {@link #peek} returned. */
    void remove();
}
