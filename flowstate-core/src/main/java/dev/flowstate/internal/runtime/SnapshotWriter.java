package dev.flowstate.internal.runtime;

import dev.flowstate.internal.recovery.RecoveryStore;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Writes the workers' epoch snapshots to the recovery store on a background thread, so the data path does not wait
 * for disk. A worker's frontier advances only after its rows of that epoch are durable. Garbage collection runs
 * after the committed epoch advanced, on a thread of its own, one collection at a time: a long collection (folding
 * many epochs of rows, compacting a remote store) must not hold up the commits behind it, since a worker with two
 * snapshots in flight waits (the protocol layer allows commits during a collection, see {@code GcHorizon}).
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
    private dev.flowstate.internal.metrics.RecoveryCounters counters = new dev.flowstate.internal.metrics.RecoveryCounters();
    private final ExecutorService collector = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "flowstate-store-gc");
        t.setDaemon(true);
        return t;
    });
    private Future<?> collecting; // the running or last collection; only the writer thread touches it

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

    /** Where commit sizes and durations are counted; before the thread starts. */
    void meter(dev.flowstate.internal.metrics.RecoveryCounters counters) {
        this.counters = counters;
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
            writeUntilStopped();
            awaitCollection();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            fail(t);
        } finally {
            collector.shutdown();
            try {
                // the store is closed after this thread ends: no collection may still be running on it
                while (!collector.awaitTermination(1, TimeUnit.SECONDS)) {
                    collector.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeUntilStopped() throws Exception {
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
                long started = System.nanoTime();
                store.commit(commits);
                countCommit(commits, System.nanoTime() - started);
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
            if (committed - lastGcEpoch >= GC_EVERY_EPOCHS && (collecting == null || collecting.isDone())) {
                awaitCollection(); // the previous one is done: this only reports its failure
                lastGcEpoch = committed;
                long keep = committed + 1 - backupEpochs;
                collecting = collector.submit(() -> store.collectGarbage(keep));
            }
        }
    }

    /** Waits for the running collection, if any; throws what it failed with. */
    private void awaitCollection() throws Exception {
        if (collecting == null) {
            return;
        }
        try {
            collecting.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
        }
    }

    private void fail(Throwable t) {
        // A store failure already says which store, what and where; anything else gets its cause spelled out so the
        // one-line error shows it without --verbose.
        shared.fail(-1, t instanceof dev.flowstate.internal.recovery.RecoveryStoreException
                ? new dev.flowstate.DataflowException(t.getMessage(), t)
                : new RecoveryStoreException("writing snapshots to the recovery store failed: " + t, t));
    }

    private void countCommit(List<RecoveryStore.EpochCommit> commits, long nanos) {
        long rows = 0;
        long bytes = 0;
        for (RecoveryStore.EpochCommit c : commits) {
            for (SnapshotRow r : c.rows()) {
                rows++;
                bytes += r.key().length + (r.state() == null ? 0 : r.state().length);
            }
        }
        counters.committed(rows, bytes, nanos);
    }

    /** The recovery store failed while the dataflow ran. */
    static final class RecoveryStoreException extends RuntimeException {
        RecoveryStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
