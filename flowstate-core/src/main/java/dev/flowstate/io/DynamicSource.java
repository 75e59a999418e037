package dev.flowstate.io;

/**
 * A source with one independent reader per worker and no resume state: not replayable, so a dataflow reading it
 * cannot guarantee that no input is lost after a crash.
 */
public non-sealed interface DynamicSource<T> extends Source<T> {

    /** Builds this worker's reader; its {@link SourcePartition#snapshot()} is ignored. */
    SourcePartition<T, ?> buildForWorker(int workerIndex, int workerCount) throws Exception;
}
