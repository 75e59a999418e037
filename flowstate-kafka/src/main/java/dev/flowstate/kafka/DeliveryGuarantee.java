package dev.flowstate.kafka;

/** What a {@link KafkaSink} promises about duplicates after a crash and resume. See docs/kafka.md. */
public enum DeliveryGuarantee {
    /**
     * Plain idempotent producer, each batch acknowledged before it counts as written; replayed epochs are written
     * again.
     */
    AT_LEAST_ONCE,
    /**
     * One Kafka transaction per epoch and sink partition, committed once the recovery store committed the epoch; a
     * {@code read_committed} consumer sees every output exactly once.
     */
    EXACTLY_ONCE
}
