package dev.flowstate.internal.runtime;

import dev.flowstate.internal.recovery.RecoveryStore;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Writes the workers' epoch snapshots to the recovery store on a background thread, so the data path does not wait
 * for disk. A worker's frontier advances only after its rows of that epoch are durable; garbage collection runs
 * after the committed epoch advanced.
 */
final class SnapshotWriter implements Runnable {
    private record Task(int worker, long epoch, List<SnapshotRow> rows, boolean finished) {
    }

    private static final Task STOP = new Task(-1, -1, List.of(), false);
    private static final int GC_EVERY_EPOCHS = 4;

    private final RecoveryStore store;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final AtomicIntegerArray pending;
    private final long backupEpochs;
    private Shared shared;
    private Parker[] parkers;
    private long lastGcEpoch;
    private volatile boolean stopped;

    SnapshotWriter(RecoveryStore store, int workers, long backupEpochs) {
        this.store = store;
        this.pending = new AtomicIntegerArray(workers);
        this.backupEpochs = backupEpochs;
    }

    void bind(Shared shared, Parker[] parkers) {
        this.shared = shared;
        this.parkers = parkers;
        this.lastGcEpoch = shared.resumeEpoch();
    }

    void submit(int worker, long epoch, List<SnapshotRow> rows, boolean finished) {
        pending.incrementAndGet(worker);
        queue.add(new Task(worker, epoch, rows, finished));
    }

    int pending(int worker) {
        return pending.get(worker);
    }

    /** Finishes the queued work, then ends the thread. */
    void finish() {
        queue.add(STOP);
    }

    /** Ends the thread without writing what is queued (after a failure). */
    void stop() {
        stopped = true;
        queue.add(STOP);
    }

    @Override
    public void run() {
        try {
            List<Task> batch = new ArrayList<>();
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch);
                boolean stop = batch.remove(STOP);
                if (stopped) {
                    return;
                }
                // Everything queued goes into one commit: one durable write per store partition for all workers.
                List<RecoveryStore.EpochCommit> commits = new ArrayList<>(batch.size());
                for (Task t : batch) {
                    commits.add(new RecoveryStore.EpochCommit(t.worker(), t.epoch(), t.rows(), t.finished()));
                }
                if (!commits.isEmpty()) {
                    store.commit(commits);
                }
                for (Task t : batch) {
                    pending.decrementAndGet(t.worker());
                    shared.progress().setFrontier(t.worker(), t.epoch() + 1, t.finished());
                }
                // Any worker may be waiting for the committed epoch to pass its last epoch.
                for (Parker p : parkers) {
                    p.unpark();
                }
                batch.clear();
                if (stop) {
                    return;
                }
                long committed = shared.progress().committedEpoch();
                if (committed - lastGcEpoch >= GC_EVERY_EPOCHS) {
                    lastGcEpoch = committed;
                    store.collectGarbage(committed + 1 - backupEpochs);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            // A store failure already says which store, what and where; anything else gets its cause spelled out
            // so the one-line error shows it without --verbose.
            shared.fail(-1, t instanceof dev.flowstate.internal.recovery.RecoveryStoreException
                    ? new dev.flowstate.DataflowException(t.getMessage(), t)
                    : new RecoveryStoreException("writing snapshots to the recovery store failed: " + t, t));
        }
    }

    /** The recovery store failed while the dataflow ran. */
    static final class RecoveryStoreException extends RuntimeException {
        RecoveryStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
