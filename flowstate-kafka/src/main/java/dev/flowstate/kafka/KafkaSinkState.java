package dev.flowstate.kafka;

import dev.flowstate.io.LostOutput;

import java.util.List;

/**
 * An exactly-once sink partition's snapshot: the next transactional-id sequence, the epoch the snapshot closed, the
 * transactions prepared (every record acknowledged, not yet known to be committed) up to and including that epoch,
 * which a resumed run commits, and the epochs whose prepared transaction was found aborted and accepted as lost
 * (kept for good, so {@code flowstate recovery inspect} shows them). Null for an at-least-once partition.
 */
record KafkaSinkState(long nextSequence, long epoch, List<Prepared> prepared, List<Long> lostEpochs)
        implements LostOutput {
    KafkaSinkState {
        lostEpochs = lostEpochs == null ? List.of() : lostEpochs;
    }

    /** A prepared transaction of one epoch, identified well enough to commit it from another producer. */
    record Prepared(long epoch, long sequence, long producerId, short producerEpoch) {
    }
}
