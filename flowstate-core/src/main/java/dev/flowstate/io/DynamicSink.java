package dev.flowstate.io;

/** A sink with one independent writer per worker and no saved state (e.g. standard output). */
public non-sealed interface DynamicSink<T> extends Sink<T> {

    SinkPartition<T, ?> buildForWorker(int workerIndex, int workerCount) throws Exception;
}
