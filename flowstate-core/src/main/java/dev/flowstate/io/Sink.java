package dev.flowstate.io;

/** Where a dataflow's items go: a {@link PartitionedSink} (recoverable, possibly exactly-once) or a {@link DynamicSink}. */
public sealed interface Sink<T> permits PartitionedSink, DynamicSink {
}
