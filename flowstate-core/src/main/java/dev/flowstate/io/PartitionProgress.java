package dev.flowstate.io;

/**
 * Optional for a {@link SourcePartition}: reports where it stands in its source, for metrics and the live page. A
 * Kafka partition reports its offset and consumer lag; a file partition could report its byte offset. Both methods
 * are called from a metrics thread while the worker reads the partition, so they must be cheap and thread-safe
 * (e.g. read a volatile field the partition updates as it reads).
 */
public interface PartitionProgress {
    /** The partition's current position, e.g. the next offset to read. */
    long position();

    /** How far the partition trails the end of its source (e.g. consumer lag in records), or -1 if unknown. */
    default long lag() {
        return -1;
    }
}
