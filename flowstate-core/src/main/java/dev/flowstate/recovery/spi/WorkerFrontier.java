package dev.flowstate.recovery.spi;

/**
 * How far one worker of one execution got: every epoch below {@code frontier} of that worker is durable in the
 * store. {@code finished}: the worker reached the end of all its input and will write nothing more in this
 * execution. Backends store the fields verbatim; {@code checksum} is computed and checked by the protocol layer.
 *
 * @param execution the execution number
 * @param worker    the worker index, {@code 0 <= worker < workerCount}
 * @param frontier  the first epoch not yet durable for this worker
 * @param finished  the worker will commit nothing more
 * @param checksum  the protocol's checksum of the other fields
 */
public record WorkerFrontier(long execution, int worker, long frontier, boolean finished, int checksum) {
}
