package dev.flowstate.recovery.spi;

import java.util.List;
import java.util.Map;

/**
 * One open recovery store, as a storage backend provides it: stores and returns rows, frontiers, execution records,
 * the identity record and the run lock, and nothing else. All decisions (resume epoch, identity and step checks,
 * what to collect, checksums, route-hash filtering, messages) are the protocol layer's.
 *
 * <h2>Threads and processes</h2>
 * One instance per process, shared by its workers: every method must be thread-safe. Flowstate calls
 * {@link #write} from one thread at a time per process; reads may run concurrently from several worker threads.
 * The processes of one cluster run each open their own instance on the same store and {@link #write} concurrently
 * (each for its own workers); only process 0 takes the run lock and starts executions, the others only write
 * and read.
 *
 * <h2>Durability</h2>
 * Every method that changes the store is durable when it returns normally (it survives a crash of this process
 * and, for remote stores, of this host). A method that throws may have applied part of its change, within the
 * limits each method states; the protocol layer is built to tolerate exactly those partial states.
 *
 * <h2>Errors</h2>
 * Every failure is a {@link RecoveryBackendException} with its cause attached. After the run lock is lost (see
 * {@link #tryAcquireRunLock}), every changing method must fail with
 * {@link RecoveryBackendException.Kind#LOCK_LOST} instead of writing.
 */
public interface RecoveryBackend extends AutoCloseable {

    /** Where this store is, as the user named it (for messages). */
    StoreLocation location();

    /**
     * Reads the identity record. Reads nothing else.
     *
     * @throws RecoveryBackendException {@code NOT_INITIALIZED} if there is none (including an init that never
     *                                  reached its commit point), {@code FOREIGN} or {@code DAMAGED} if it cannot be
     *                                  read as one
     */
    StoreIdentity readIdentity();

    /**
     * Takes the store's run lock for this process, at once (no waiting), recording {@code me} as the holder.
     *
     * <p>Requirements: at most one holder at a time across all hosts; a holder that dies without releasing must
     * not block later runs (use a lock the operating system releases with the process, such as
     * {@link java.nio.channels.FileChannel#tryLock()}, or a lease the holder renews and that expires, with fencing:
     * a holder whose lease was taken over must get {@code LOCK_LOST} from its next write instead of writing). A
     * second call from the instance that already holds the lock returns null.
     *
     * @return null if this instance now holds the lock; otherwise the current holder as it recorded itself
     *         (a holder whose record is unreadable is reported with host {@code "unknown"}, pid -1)
     */
    LockHolder tryAcquireRunLock(LockHolder me);

    /** Releases the run lock if this instance holds it; otherwise does nothing. Also done by {@link #close}. */
    void releaseRunLock();

    /** Every execution record, oldest first; empty for a fresh store. */
    List<ExecutionRecord> executions();

    /**
     * The frontier records of one execution, one per worker that has one, in any order. The protocol layer
     * treats a missing worker as damage.
     */
    List<WorkerFrontier> frontiers(long execution);

    /**
     * Makes every row with {@code epoch >= fromEpoch} that exists now invisible to every later read, durably:
     * the partial work of a crashed execution, which the next execution redoes. Rows written by later
     * {@link #write} calls (even at those epochs) are visible as usual. Idempotent; a failure may leave any subset
     * discarded (the protocol calls it again before using the store).
     */
    void discardFrom(long fromEpoch);

    /**
     * Records a new execution: the commit point of starting a run.
     *
     * <p><b>Atomicity.</b> After a crash at any moment, either all of these are durable or {@link #executions()}
     * does not list {@code next} (the other parts may then be partly written: the protocol layer calls this again
     * with the same arguments): {@code frontiers} (one per worker of {@code next}, replacing any frontier records
     * of {@code next.execution()} or later left by an interrupted attempt), {@code previous} (the latest execution
     * with its final frontier set, or null for the first execution), {@code identity} (replacing the stored one)
     * and {@code next} itself. A typical way: write the frontiers first, then the identity, {@code previous} and
     * {@code next} in one transaction (or one object, one record) last.
     */
    void startExecution(ExecutionRecord previous, ExecutionRecord next, List<WorkerFrontier> frontiers,
                        StoreIdentity identity);

    /**
     * Durably writes workers' epochs: each {@link EpochWrite}'s rows (inserting or replacing by (step, key, epoch)),
     * then its frontier (replacing the worker's whole frontier record of that execution, checksum included, when
     * the new frontier is at least the stored one; a lower one is ignored). A missing frontier record of that
     * worker and execution is {@code DAMAGED}.
     *
     * <p><b>Atomicity.</b> For each write, its frontier must never be visible (to {@link #frontiers}, by any
     * process, after any crash) unless all its rows are durable: write both in one transaction, or the rows first.
     * Rows may become visible without their frontier (a crash in between): the protocol discards them with
     * {@link #discardFrom} at the next start. The writes of one worker come in epoch order. Nothing is required
     * across different workers' writes. When it returns normally, everything is durable.
     */
    void write(List<EpochWrite> writes);

    /**
     * Calls {@code consumer} once per key of {@code stepId} selected by {@code filter}, with that key's newest row
     * whose epoch is below {@code beforeEpoch}. A tombstone may be passed (the protocol skips it) or omitted, but
     * an older row of a key whose newest row is a tombstone must never be passed. May pass rows the filter does
     * not select (the protocol filters again). Order unspecified; calls come from the calling thread.
     */
    void readNewestRows(String stepId, long beforeEpoch, RouteFilter filter, RowConsumer consumer);

    /** The newest row of one (step, key) with epoch below {@code beforeEpoch}, tombstone included, or null. */
    StoredRow readNewestRow(String stepId, byte[] key, long beforeEpoch);

    /**
     * Per step id, how many keys have a newest row before {@code beforeEpoch} that is not a tombstone; steps
     * with none may be left out. Used by the step checks and by inspect, so it may be slow on large stores but must
     * not load everything into memory.
     */
    Map<String, Long> liveKeyCounts(long beforeEpoch);

    /**
     * Garbage collection, as decided by the protocol: deletes rows no resume at {@code keepEpoch} or later can
     * need, and frontier records of executions before {@code oldestExecution}.
     *
     * <p>A row may be deleted only if (a) the same (step, key) has a newer row with epoch below {@code keepEpoch},
     * or (b) it is a tombstone below {@code keepEpoch} with no older row of its key left. The newest row below
     * {@code keepEpoch} of a key that is not a tombstone, and every row at or above {@code keepEpoch}, must never
     * be deleted. {@code fromEpoch} is a hint: every deletable row superseded by a row below {@code fromEpoch} was
     * already deleted by an earlier call, so only rows superseded by rows in {@code [fromEpoch, keepEpoch)} need
     * looking at. Deleting less than allowed is correct (space is only reclaimed later). Not atomic: any subset of
     * the deletions may be applied when it fails.
     */
    void deleteSuperseded(long fromEpoch, long keepEpoch, long oldestExecution);

    /**
     * Where one (step, key)'s rows live, for messages (the partition file, object or topic partition); by default
     * the store location. Reads nothing.
     */
    default String whereIs(String stepId, byte[] key) {
        return location().text();
    }

    /** Releases the run lock if held, then frees connections and threads. Idempotent. */
    @Override
    void close();
}
