package dev.flowstate.io;

/**
 * Where a dataflow's items come from. Implement {@link PartitionedSource} for a replayable, recoverable input,
 * {@link DynamicSource} for one that just reads what each worker sees, or use {@link ManualInput}.
 */
public sealed interface Source<T> permits PartitionedSource, DynamicSource, ManualInput {
}
