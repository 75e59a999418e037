package dev.flowstate.internal.runtime;

/** What travels on an exchange channel: a batch of items of one epoch, or a barrier closing an epoch. */
public sealed interface Message {
    long epoch();

    /** Items the sending worker produced in {@code epoch}; only the first {@code size} slots are used. */
    record Batch(long epoch, Object[] items, int size) implements Message {
    }

    /** The sender pushed every item of {@code epoch} on this channel; {@code eof}: and it will send no more. */
    record Barrier(long epoch, boolean eof) implements Message {
    }
}
