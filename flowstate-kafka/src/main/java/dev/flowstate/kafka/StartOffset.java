package dev.flowstate.kafka;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a {@link KafkaSource} partition starts when the recovery store has no saved offset for it: the earliest
 * retained offset, the end (only records produced after the start), or the first record at or after a timestamp.
 */
public sealed interface StartOffset {
    /** The earliest offset still in the log. */
    static StartOffset earliest() {
        return Earliest.INSTANCE;
    }

    /** The end of the log at start-up: only records produced after it are read. */
    static StartOffset latest() {
        return Latest.INSTANCE;
    }

    /** The first record whose timestamp is at or after {@code time} (the end of the log if there is none). */
    static StartOffset timestamp(Instant time) {
        return new Timestamp(Objects.requireNonNull(time, "time"));
    }

    /** See {@link #earliest()}. */
    enum Earliest implements StartOffset { INSTANCE }

    /** See {@link #latest()}. */
    enum Latest implements StartOffset { INSTANCE }

    /** See {@link #timestamp(Instant)}. */
    record Timestamp(Instant time) implements StartOffset {
    }
}
