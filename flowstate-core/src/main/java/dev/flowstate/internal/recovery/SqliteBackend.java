package dev.flowstate.internal.recovery;

import dev.flowstate.internal.serde.StableHash;
import dev.flowstate.recovery.spi.EpochWrite;
import dev.flowstate.recovery.spi.ExecutionRecord;
import dev.flowstate.recovery.spi.LockHolder;
import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.RouteFilter;
import dev.flowstate.recovery.spi.RowConsumer;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;
import dev.flowstate.recovery.spi.StoredRow;
import dev.flowstate.recovery.spi.WorkerFrontier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The SQLite backend: a directory of partition files made by {@link StoreLayout#init}.
 *
 * <h2>Layout (format version {@value Schema#FORMAT_VERSION})</h2>
 * Files {@code part-0000.sqlite3} … {@code part-<N-1>.sqlite3}, all with the same tables (see {@link Schema}):
 * <ul>
 * <li>{@code flowstate_meta(name, value)}: format_version, store_id (shared by all partitions), partition_index,
 *     partition_count, created_at; in partition 0 also dataflow. Partition 0's is the identity record.
 * <li>{@code snapshots(step_id, key, epoch, route_hash, checksum, state)}, primary key {@code (step_id, key,
 *     epoch)}, {@code WITHOUT ROWID}, and no other index (see {@link PartitionGarbage}). A (step, key) lives in
 *     partition {@code floorMod(StableHash.ofStepAndKey(step, key), N)}.
 * <li>{@code epoch_log(id, epoch, chunk)}: the rows of recent epochs, written there first, as blobs
 *     ({@link PartitionLog}); garbage collection folds them into {@code snapshots} every {@link #FOLD_EPOCHS}
 *     epochs. A key's newest row is the newer of the two ({@link PartitionReads}).
 * <li>{@code progress(execution, worker_index, frontier, finished, checksum)}: worker {@code w} in partition
 *     {@code w % N}, so workers committing at the same time touch different files.
 * <li>{@code executions} and {@code steps}: only in partition 0, which makes one transaction there the commit
 *     point of {@link #startExecution}.
 * </ul>
 *
 * <h2>Threads</h2>
 * One connection per partition file, each behind its own lock ({@link PartitionDb}); SQLite's busy timeout covers
 * the other processes of a cluster. A consumer passed to {@link #readNewestRows} runs while that partition is
 * locked.
 */
final class SqliteBackend implements RecoveryBackend {
    /**
     * Fold the epoch log into {@code snapshots} once it holds this many epochs below the keep epoch: a key updated
     * in every epoch then costs one b-tree insert and one delete per this many epochs. Higher saves more CPU while
     * running and leaves more log to decode when resuming (at 100,000 rows per epoch, about 4 MB an epoch).
     */
    static final int FOLD_EPOCHS = 8;

    /** ... or once a partition's log holds more than this many bytes, to bound what a resume decodes. */
    static final long FOLD_BYTES = 64L << 20;

    private final StoreLocation location;
    private final Path directory;
    private final List<PartitionDb> parts;
    /** Per partition, the keys folded into {@code snapshots} since its last collection. */
    private final List<PartitionGarbage> garbage;
    /** Per partition, its epoch log. */
    private final List<PartitionLog> logs;
    private final PartitionDb.Meta meta0;
    private final int n;
    private final SqliteRunLock runLock;
    /** Writes partitions in parallel during a write; daemon threads, ended by {@link #close}. */
    private final ExecutorService writers;
    private volatile boolean closed;
    private volatile int foldEpochs = FOLD_EPOCHS;

    SqliteBackend(StoreLocation location, StoreLayout.Opened opened) {
        this.location = location;
        this.directory = location.directory();
        this.parts = opened.partitions();
        this.meta0 = opened.meta();
        this.n = parts.size();
        this.garbage = new ArrayList<>(n);
        this.logs = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            garbage.add(new PartitionGarbage());
            logs.add(new PartitionLog(parts.get(p).file));
        }
        this.runLock = new SqliteRunLock(directory);
        int threads = writerThreads(n, Runtime.getRuntime().availableProcessors());
        this.writers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "flowstate-store-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * How many partitions are written at once: at most 4, and at most half the cores. Every thread writing takes its
     * core from the workers: when writes were b-tree rows (before the epoch log), on 2 cores with one worker,
     * writing 2 partitions at once left the worker two thirds of a core. Measured on keyed-count, 30M events,
     * fresh JVMs, 5 alternating rounds: one writer thread 2.31 M/s (median), two 1.69 M/s (one won 4 rounds of 5);
     * with two workers both gave 2.35 M/s. The cost is that the partitions' fsyncs no longer overlap there.
     */
    static int writerThreads(int partitions, int cores) {
        return Math.max(1, Math.min(Math.min(partitions, 4), cores / 2));
    }

    /** Folds after this many epochs instead of {@link #FOLD_EPOCHS} (tests: 1 folds at every collection). */
    void foldEpochs(int epochs) {
        this.foldEpochs = epochs;
    }

    @Override
    public StoreLocation location() {
        return location;
    }

    int partitionCount() {
        return n;
    }

    int partitionOf(String stepId, byte[] key) {
        return Math.floorMod(StableHash.ofStepAndKey(stepId, key), n);
    }

    @Override
    public String whereIs(String stepId, byte[] key) {
        return parts.get(partitionOf(stepId, key)).file.toString();
    }

    @Override
    public StoreIdentity readIdentity() {
        PartitionDb.Meta meta = parts.get(0).readMeta();
        Map<String, String> steps = parts.get(0).read(c -> {
            Map<String, String> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT step_id, kind FROM steps");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
        return new StoreIdentity(Schema.protocolVersion(meta.formatVersion()), meta.storeId(), meta.createdAt(),
                meta.count(), meta.dataflow(), steps);
    }

    @Override
    public LockHolder tryAcquireRunLock(LockHolder me) {
        return runLock.tryAcquire(me);
    }

    @Override
    public void releaseRunLock() {
        runLock.release();
    }

    @Override
    public List<ExecutionRecord> executions() {
        return parts.get(0).read(c -> {
            List<ExecutionRecord> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT execution, worker_count, resume_epoch, started_at,"
                    + " final_frontier FROM executions ORDER BY execution");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long ff = rs.getLong(5);
                    Long finalFrontier = rs.wasNull() ? null : ff; // right after reading column 5
                    out.add(new ExecutionRecord(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                            finalFrontier));
                }
            }
            return out;
        });
    }

    @Override
    public List<WorkerFrontier> frontiers(long execution) {
        List<WorkerFrontier> out = new ArrayList<>();
        for (PartitionDb db : parts) {
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT worker_index, frontier, finished, checksum FROM progress WHERE execution = ?")) {
                    ps.setLong(1, execution);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(new WorkerFrontier(execution, rs.getInt(1), rs.getLong(2), rs.getInt(3) != 0,
                                    rs.getInt(4)));
                        }
                    }
                }
                return null;
            });
        }
        return out;
    }

    @Override
    public void discardFrom(long fromEpoch) {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            PartitionDb db = parts.get(p);
            PartitionLog log = logs.get(p);
            // A scan of each file, in parallel: the table has no index on epoch, and this runs once per execution.
            tasks.add(() -> db.write(c -> {
                log.discardFrom(c, fromEpoch);
                try (PreparedStatement del = c.prepareStatement("DELETE FROM snapshots WHERE epoch >= ?")) {
                    del.setLong(1, fromEpoch);
                    del.executeUpdate();
                }
                return null;
            }));
        }
        writeAll(tasks);
    }

    @Override
    public void startExecution(ExecutionRecord previous, ExecutionRecord next, List<WorkerFrontier> frontiers,
                               StoreIdentity identity) {
        for (int p = 0; p < n; p++) {
            int partition = p;
            parts.get(p).write(c -> {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM progress WHERE execution >= ?")) {
                    del.setLong(1, next.execution()); // left by an interrupted start
                    del.executeUpdate();
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO progress (execution, worker_index,"
                        + " frontier, finished, checksum) VALUES (?, ?, ?, ?, ?)")) {
                    for (WorkerFrontier f : frontiers) {
                        if (f.worker() % n == partition) {
                            ins.setLong(1, f.execution());
                            ins.setInt(2, f.worker());
                            ins.setLong(3, f.frontier());
                            ins.setInt(4, f.finished() ? 1 : 0);
                            ins.setInt(5, f.checksum());
                            ins.addBatch();
                        }
                    }
                    ins.executeBatch();
                }
                return null;
            });
        }
        parts.get(0).write(c -> {
            try (PreparedStatement up = c.prepareStatement("INSERT INTO " + Schema.META_TABLE + " (name, value)"
                    + " VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")) {
                up.setString(1, Schema.META_DATAFLOW);
                up.setString(2, identity.dataflow());
                up.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM steps");
            }
            try (PreparedStatement up = c.prepareStatement(
                    "INSERT INTO steps (step_id, kind, last_execution) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, String> e : identity.steps().entrySet()) {
                    up.setString(1, e.getKey());
                    up.setString(2, e.getValue());
                    up.setLong(3, next.execution());
                    up.addBatch();
                }
                up.executeBatch();
            }
            if (previous != null) {
                try (PreparedStatement up = c.prepareStatement(
                        "UPDATE executions SET final_frontier = ? WHERE execution = ?")) {
                    up.setObject(1, previous.finalFrontier());
                    up.setLong(2, previous.execution());
                    up.executeUpdate();
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO executions (execution, worker_count,"
                    + " resume_epoch, started_at) VALUES (?, ?, ?, ?)")) {
                ins.setLong(1, next.execution());
                ins.setInt(2, next.workerCount());
                ins.setLong(3, next.resumeEpoch());
                ins.setString(4, next.startedAt());
                ins.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void write(List<EpochWrite> writes) {
        List<List<StoredRow>> byPartition = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            byPartition.add(new ArrayList<>());
        }
        for (EpochWrite w : writes) {
            for (StoredRow r : w.rows()) {
                byPartition.get(partitionOf(r.stepId(), r.key())).add(r);
            }
        }
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            List<StoredRow> part = byPartition.get(p);
            PartitionDb db = parts.get(p);
            PartitionLog log = logs.get(p);
            if (!part.isEmpty()) {
                tasks.add(() -> db.write(c -> {
                    log.append(c, part);
                    return null;
                }));
            }
        }
        writeAll(tasks);
        // Only now, with every row durable, may the frontiers move.
        for (EpochWrite w : writes) {
            recordFrontier(w.frontier());
        }
    }

    /** Writes to the partitions in parallel: each is its own file, so their durable writes overlap. */
    private void writeAll(List<Callable<Void>> tasks) {
        if (tasks.size() == 1) {
            call(tasks.get(0));
            return;
        }
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> t : tasks) {
            futures.add(writers.submit(t));
        }
        RuntimeException failure = null;
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                        : new RecoveryBackendException(Kind.IO, directory.toString(), "writing rows failed", e.getCause());
                failure = failure == null ? cause : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? new RecoveryBackendException(Kind.IO, directory.toString(),
                        "interrupted while writing rows", e) : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void call(Callable<Void> task) {
        try {
            task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RecoveryBackendException(Kind.IO, directory.toString(), "writing rows failed", e);
        }
    }

    private void recordFrontier(WorkerFrontier f) {
        PartitionDb progress = parts.get(f.worker() % n);
        progress.write(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE progress SET frontier = ?, finished = ?,"
                    + " checksum = ? WHERE execution = ? AND worker_index = ? AND frontier <= ?")) {
                up.setLong(1, f.frontier());
                up.setInt(2, f.finished() ? 1 : 0);
                up.setInt(3, f.checksum());
                up.setLong(4, f.execution());
                up.setInt(5, f.worker());
                up.setLong(6, f.frontier());
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT 1 FROM progress WHERE execution = ? AND worker_index = ?")) {
                q.setLong(1, f.execution());
                q.setInt(2, f.worker());
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        throw new RecoveryBackendException(Kind.DAMAGED, progress.file.toString(), "no progress row"
                                + " for worker " + f.worker() + " of execution " + f.execution()
                                + " (was the store replaced while running?)");
                    }
                }
            }
            return null;
        });
    }

    static void insertRows(Connection c, List<StoredRow> rows) throws SQLException {
        PrimaryKeyOrder.sort(rows);
        try (PreparedStatement ins = c.prepareStatement("INSERT OR REPLACE INTO snapshots"
                + " (step_id, key, epoch, route_hash, checksum, state) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (StoredRow r : rows) {
                ins.setString(1, r.stepId());
                ins.setBytes(2, r.key());
                ins.setLong(3, r.epoch());
                ins.setInt(4, r.routeHash());
                ins.setInt(5, r.checksum());
                ins.setBytes(6, r.state());
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    @Override
    public void readNewestRows(String stepId, long beforeEpoch, RouteFilter filter, RowConsumer consumer) {
        for (int p = 0; p < n; p++) {
            PartitionLog log = logs.get(p);
            parts.get(p).read(c -> {
                PartitionReads.newestRows(c, log, stepId, beforeEpoch, filter, row -> {
                    if (!row.isTombstone()) { // the key has no state; omitting it is allowed
                        consumer.accept(row);
                    }
                });
                return null;
            });
        }
    }

    @Override
    public StoredRow readNewestRow(String stepId, byte[] key, long beforeEpoch) {
        int p = partitionOf(stepId, key);
        return parts.get(p).read(c -> PartitionReads.newestRow(c, logs.get(p), stepId, key, beforeEpoch));
    }

    @Override
    public Map<String, Long> liveKeyCounts(long beforeEpoch) {
        Map<String, Long> counts = new TreeMap<>();
        for (int p = 0; p < n; p++) {
            PartitionLog log = logs.get(p);
            parts.get(p).read(c -> {
                PartitionReads.liveKeyCounts(c, log, beforeEpoch, counts);
                return null;
            });
        }
        return counts;
    }

    /**
     * Per partition: folds the epoch log below {@code keepEpoch} into {@code snapshots} when due
     * ({@link #FOLD_EPOCHS}, {@link #FOLD_BYTES}), then collects with its {@link PartitionGarbage}: a full pass when
     * {@code fromEpoch} is 0 (the first collection of an execution), else the keys just folded. All in one
     * transaction per partition, so a crash leaves each partition folded and collected, or untouched.
     */
    @Override
    public void deleteSuperseded(long fromEpoch, long keepEpoch, long oldestExecution) {
        for (int p = 0; p < n; p++) {
            PartitionGarbage g = garbage.get(p);
            PartitionLog log = logs.get(p);
            try {
                parts.get(p).write(c -> {
                    if (log.foldDue(c, keepEpoch, foldEpochs, FOLD_BYTES)) {
                        List<StoredRow> folded = log.foldBelow(c, keepEpoch);
                        insertRows(c, folded);
                        g.wrote(folded);
                    }
                    g.collect(c, fromEpoch == 0, keepEpoch);
                    try (PreparedStatement progress = c.prepareStatement("DELETE FROM progress WHERE execution < ?")) {
                        progress.setLong(1, oldestExecution);
                        progress.executeUpdate();
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                g.forget(); // what it forgot as collected was not: the next collection looks at every key
                log.forgetCache();
                throw e;
            }
        }
    }

    /** Rows stored over all partitions, in {@code snapshots} and in the epoch logs (for tests and diagnostics). */
    long snapshotRowCount() {
        long total = 0;
        for (int p = 0; p < n; p++) {
            PartitionLog log = logs.get(p);
            total += parts.get(p).read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM snapshots")) {
                    rs.next();
                    return rs.getLong(1) + log.rowCount(c);
                }
            });
        }
        return total;
    }

    /**
     * Folds every partition's whole epoch log into {@code snapshots}, whatever the epochs (for tests that edit rows
     * with SQL, and for diagnostics). Reads give the same answers before and after.
     */
    void foldAll() {
        for (int p = 0; p < n; p++) {
            PartitionLog log = logs.get(p);
            parts.get(p).write(c -> {
                insertRows(c, log.foldBelow(c, Long.MAX_VALUE));
                return null;
            });
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writers.shutdownNow();
        RuntimeException failure = null;
        try {
            runLock.release();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (PartitionDb db : parts) {
            try {
                db.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
