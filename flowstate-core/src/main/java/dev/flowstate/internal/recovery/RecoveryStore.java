package dev.flowstate.internal.recovery;

import java.util.List;

/**
 * What the runtime needs from a recovery store. One instance per process, shared by its workers; every method is
 * thread-safe. Implementations make {@link #commit} durable before returning.
 *
 * <p>Epochs start at 1. A snapshot row written at epoch {@code e} holds the state as of the end of epoch {@code e}.
 * The resume epoch {@code R} is the minimum over the unfinished workers of the latest execution of their committed
 * frontier ({@code e + 1} after committing epoch {@code e}), or the largest frontier once all finished; resuming loads, per (step, key), the newest row with epoch
 * {@code < R}, and ignores a tombstone (a null state) as "no state".
 */
public interface RecoveryStore extends AutoCloseable {

    /**
     * Starts a new execution of {@code dataflow}: refuses a store owned by another dataflow before reading or
     * writing anything else, computes the resume epoch from the latest execution, checks the steps against what
     * the store holds (see {@link StepInfo}), deletes every row written at or after the resume epoch (work of a
     * crashed run that will be redone), and records the new execution with its worker count and a frontier equal
     * to the resume epoch for each of its workers, together with the dataflow name and steps.
     */
    ExecutionStart beginExecution(String dataflow, int workerCount, List<StepInfo> steps);

    /**
     * Makes this instance write to an execution another process began with {@link #beginExecution} (runs of several
     * processes sharing one store: process 0 begins, the others attach).
     */
    ExecutionStart attachExecution(long execution);

    /** The worker count of the latest execution, or 0 for a fresh store. Reads only. */
    int latestWorkerCount();

    /**
     * Calls {@code consumer} with every saved state (not tombstones) of a keyed step, newest per key with epoch
     * {@code < beforeEpoch}, restricted to keys whose route hash modulo {@code workerCount} is {@code workerIndex}.
     */
    void loadKeyedStates(String stepId, long beforeEpoch, int workerCount, int workerIndex, StateConsumer consumer);

    /** The newest state of a source or sink partition with epoch {@code < beforeEpoch}, or null. */
    byte[] loadPartitionState(String stepId, String partition, long beforeEpoch);

    /**
     * Durably writes one worker's snapshot rows of one epoch, then records that worker's frontier as
     * {@code epoch + 1}.
     */
    default void commit(int workerIndex, long epoch, List<SnapshotRow> rows) {
        commit(List.of(new EpochCommit(workerIndex, epoch, rows, false)));
    }

    /**
     * Durably writes the rows of several (worker, epoch) commits, then records each worker's frontier as its
     * epoch {@code + 1}. All rows bound for one store partition go into one transaction, so a batch costs one
     * durable write per partition however many workers it covers.
     */
    void commit(List<EpochCommit> commits);

    /** Deletes rows no longer needed to resume at {@code keepFromEpoch} or later. */
    void collectGarbage(long keepFromEpoch);

    @Override
    void close();

    /**
     * One worker's snapshot rows of one epoch. {@code finished}: the worker reached the end of all its input with
     * this epoch; it no longer holds back the resume epoch, which then only depends on the workers still running.
     */
    record EpochCommit(int workerIndex, long epoch, List<SnapshotRow> rows, boolean finished) {
    }

    /** The result of {@link #beginExecution}. */
    record ExecutionStart(long execution, long resumeEpoch, int previousWorkerCount) {
    }

    /**
     * A step as the store sees it. {@code kind} is {@code "state"} for keyed state, {@code "source"} or
     * {@code "sink"} for partition states.
     */
    record StepInfo(String stepId, String kind) {
    }

    /**
     * One saved entry. {@code routeHash} is the non-negative stable hash used to route the key to a worker (0 for
     * partition rows). {@code state} null is a tombstone: the key has no state any more.
     */
    record SnapshotRow(String stepId, byte[] key, int routeHash, byte[] state) {
    }

    /** Receives loaded keyed states. */
    @FunctionalInterface
    interface StateConsumer {
        void accept(byte[] key, byte[] state);
    }
}
