package dev.flowstate.internal.runtime;

/** What nodes may read about the worker they run on. */
interface WorkerInfo {
    int index();

    int count();

    /** The epoch being processed. */
    long epoch();

    /**
     * Where the item being pushed comes from: a number for each source partition of this worker, set while the
     * partition's batch is pushed through the fused nodes; -1 for items from an exchange, a stateful step or a timer.
     */
    int origin();
}
