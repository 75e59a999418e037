package dev.flowstate.kafka;

import java.util.List;

/**
 * An exactly-once sink partition's snapshot: the next transactional-id sequence, the epoch the snapshot closed, and
 * the transactions prepared (flushed, not yet known to be committed) up to and including that epoch, which a
 * resumed run commits. Null for an at-least-once partition.
 */
record KafkaSinkState(long nextSequence, long epoch, List<Prepared> prepared) {
    /** A flushed transaction of one epoch, identified well enough to commit it from another producer. */
    record Prepared(long epoch, long sequence, long producerId, short producerEpoch) {
    }
}
