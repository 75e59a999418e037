package dev.flowstate.internal.runtime;

/**
 * What travels behind the items, on exchange channels and through fused nodes alike: a batch of items of one
 * epoch, or a {@link Control} message. Control messages are the one in-band mechanism for everything that is not an
 * item: epoch barriers (with the end-of-input flag) and watermarks. Each is sent after every item it covers, on every
 * path, so order alone makes it correct: a node that sees a control message has seen all items before it.
 */
public sealed interface Message {
    /** The epoch the sending worker was in. */
    long epoch();

    /** Items the sending worker produced in {@code epoch}; only the first {@code size} slots are used. */
    record Batch(long epoch, Object[] items, int size) implements Message {
    }

    /** A control message: travels in-band behind the items, never overtakes them. */
    sealed interface Control extends Message permits Barrier, Watermark {
    }

    /**
     * The sender pushed every item of {@code epoch} on this path; {@code eof}: and it will send no more. A node with
     * several inputs forwards it once all inputs delivered it (alignment), with EOF once all ended.
     */
    record Barrier(long epoch, boolean eof) implements Control {
    }

    /**
     * Event time {@code time} (epoch millis) has passed on this path: no item sent after it is on time for a window
     * ending at or before it. {@code idle}: the sender has had no items for its idle timeout and asks not to hold the
     * watermark back until it sends a non-idle watermark. A node with several inputs forwards the minimum over its
     * non-idle, non-ended inputs, and only when it grows: watermarks never go backwards.
     */
    record Watermark(long epoch, long time, boolean idle) implements Control {
    }
}
