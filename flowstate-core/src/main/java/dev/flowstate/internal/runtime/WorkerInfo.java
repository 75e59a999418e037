package dev.flowstate.internal.runtime;

/** What nodes may read about the worker they run on. */
interface WorkerInfo {
    int index();

    int count();

    /** The epoch being processed. */
    long epoch();
}
