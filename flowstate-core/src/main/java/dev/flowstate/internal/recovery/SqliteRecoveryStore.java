package dev.flowstate.internal.recovery;

import dev.flowstate.internal.serde.StableHash;
import dev.flowstate.recovery.RecoveryConfig;
import dev.flowstate.recovery.RecoveryReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RecoveryStore} on a directory of SQLite partition files made by {@link StoreLayout#init}.
 *
 * <h2>Layout and schema (format version {@value Schema#FORMAT_VERSION})</h2>
 * Files {@code part-0000.sqlite3} … {@code part-<N-1>.sqlite3}, all with the same tables (see {@link Schema}):
 * <ul>
 * <li>{@code flowstate_meta(name, value)}: format_version, store_id (a UUID shared by all partitions),
 *     partition_index, partition_count, created_at. {@link #open} checks all of it in every file before writing.
 * <li>{@code snapshots(step_id, key, epoch, route_hash, state)}, primary key {@code (step_id, key, epoch)},
 *     {@code WITHOUT ROWID} so rows are clustered by that key, plus an index on {@code epoch}. A (step, key) lives
 *     in partition {@code floorMod(StableHash.ofStepAndKey(step, key), N)}; a null state is a tombstone. Source and
 *     sink partition states are rows whose key is the partition name in UTF-8 and whose route hash is 0.
 * <li>{@code progress(execution, worker_index, frontier)}: the row of worker {@code w} lives in partition
 *     {@code w % N}, so workers committing at the same time touch different files.
 * <li>{@code executions(execution, worker_count, resume_epoch, started_at, final_frontier)} and
 *     {@code steps(step_id, kind, last_execution)}: only in partition 0, which makes the executions row the single
 *     commit point of {@link #beginExecution}.
 * </ul>
 *
 * <h2>Consistency</h2>
 * {@link #commit} makes a worker's rows durable (one transaction per partition, {@code synchronous=FULL}) before it
 * raises that worker's frontier, so every epoch below the minimum frontier is complete in every partition. Rows at
 * or above it may be partial (a crash between partitions) and are deleted by the next {@link #beginExecution}
 * before anything else is written; because {@code beginExecution} only reads the previous execution's progress
 * and writes the new executions row last, a crash inside it and a rerun compute the same resume epoch.
 * {@link #collectGarbage} never collects past the current minimum frontier, whatever it is asked.
 *
 * <h2>Step changes</h2>
 * A stored step of kind {@code "state"} that still has live state at the resume epoch but is missing from the new
 * execution, or any stored step whose kind changed while it has live state, is refused: silently dropping or
 * misreading saved state is worse than stopping. New steps start empty. Removed source/sink steps are allowed
 * (their partition states are simply not read) and stay in the steps table.
 *
 * <h2>Threads</h2>
 * One instance per process, shared by its workers: one connection per partition file, each behind its own lock
 * ({@link PartitionDb}); SQLite's busy timeout covers other processes. A consumer passed to
 * {@link #loadKeyedStates} runs while that partition is locked.
 */
public final class SqliteRecoveryStore implements RecoveryStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteRecoveryStore.class);
    private static final Set<String> KINDS = Set.of("state", "source", "sink");

    private static final Comparator<Row> ROW_ORDER = Comparator.comparing((Row r) -> r.row().stepId())
            .thenComparing(r -> r.row().key(), Arrays::compareUnsigned).thenComparingLong(Row::epoch);

    /**
     * Newest row per key before an epoch, live states of one worker's keys only. Rows of a key share one route
     * hash, so filtering before grouping keeps the newest row of each selected key; with exactly one max()
     * aggregate, SQLite takes the bare columns from the row holding the max. "+epoch" keeps the planner on the
     * primary key, which delivers rows ordered by key: one scan of the step's rows, no temporary b-tree.
     */
    static final String LOAD_KEYED_SQL = "SELECT key, state FROM (SELECT key, state, max(epoch) FROM snapshots"
            + " WHERE step_id = ? AND +epoch < ? AND route_hash % ? = ? GROUP BY key) WHERE state IS NOT NULL";

    private final Path directory;
    private final String storeId;
    private final List<PartitionDb> parts;
    private final int n;
    private final Object beginLock = new Object();
    private volatile Current current;
    private final Garbage garbage;
    /** Writes partitions in parallel during a commit; daemon threads, ended by {@link #close}. */
    private final ExecutorService writers;

    /** The execution this instance began. */
    private record Current(long execution, int workerCount, long resumeEpoch) {
    }

    private SqliteRecoveryStore(Path directory, StoreLayout.Opened opened) {
        this.directory = directory;
        this.storeId = opened.storeId();
        this.parts = opened.partitions();
        this.n = parts.size();
        this.garbage = new Garbage(parts);
        this.writers = Executors.newFixedThreadPool(Math.min(n, 4), r -> {
            Thread t = new Thread(r, "flowstate-store-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the store of {@code config.directory()} for reading and writing, after checking every partition file.
     *
     * @throws RecoveryStoreException if the directory is not a complete, initialized store of this format version
     */
    public static SqliteRecoveryStore open(RecoveryConfig config) {
        return open(config.directory());
    }

    /** Same as {@link #open(RecoveryConfig)}. */
    public static SqliteRecoveryStore open(Path directory) {
        StoreLayout.Opened opened = StoreLayout.openValidated(directory, false);
        SqliteRecoveryStore store = new SqliteRecoveryStore(directory, opened);
        try {
            for (PartitionDb db : opened.partitions()) {
                db.enableDurableWrites();
            }
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Reads a store without writing to it; see {@link dev.flowstate.recovery.Recovery#inspect}. */
    public static RecoveryReport inspect(Path directory) {
        StoreLayout.Opened opened = StoreLayout.openValidated(directory, true);
        try {
            return StoreReport.build(opened);
        } finally {
            opened.partitions().forEach(PartitionDb::close);
        }
    }

    /** Step id → kind ({@code state}, {@code source}, {@code sink}) of every step the store has recorded. */
    public Map<String, String> stepKinds() {
        return StoreQueries.storedSteps(parts);
    }

    public String storeId() {
        return storeId;
    }

    public int partitionCount() {
        return n;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public int latestWorkerCount() {
        StoreQueries.ExecutionRow prev = StoreQueries.latestExecution(parts);
        return prev == null ? 0 : prev.workerCount();
    }

    @Override
    public ExecutionStart beginExecution(int workerCount, List<StepInfo> steps) {
        if (workerCount < 1) {
            throw new IllegalArgumentException("workerCount must be at least 1, got " + workerCount);
        }
        Map<String, String> kinds = stepKinds(steps);
        synchronized (beginLock) {
            StoreQueries.ExecutionRow prev = StoreQueries.latestExecution(parts);
            long resume = prev == null ? 1 : StoreQueries.minFrontier(parts, prev.execution(), prev.workerCount());
            checkSteps(kinds, resume); // reads only: refuse before anything is written
            long next = prev == null ? 1 : prev.execution() + 1;
            for (int p = 0; p < n; p++) {
                int partition = p;
                parts.get(p).write(c -> {
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM snapshots WHERE epoch >= ?")) {
                        del.setLong(1, resume);
                        int deleted = del.executeUpdate();
                        if (deleted > 0) {
                            LOG.info("{}: deleted {} snapshot rows at or after resume epoch {}",
                                    parts.get(partition).file, deleted, resume);
                        }
                    }
                    try (PreparedStatement del = c.prepareStatement("DELETE FROM progress WHERE execution >= ?")) {
                        del.setLong(1, next); // left by an interrupted beginExecution
                        del.executeUpdate();
                    }
                    try (PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO progress (execution, worker_index, frontier) VALUES (?, ?, ?)")) {
                        for (int w = partition; w < workerCount; w += n) {
                            ins.setLong(1, next);
                            ins.setInt(2, w);
                            ins.setLong(3, resume);
                            ins.addBatch();
                        }
                        ins.executeBatch();
                    }
                    return null;
                });
            }
            parts.get(0).write(c -> {
                recordSteps(c, kinds, next);
                if (prev != null) {
                    try (PreparedStatement up = c.prepareStatement(
                            "UPDATE executions SET final_frontier = ? WHERE execution = ?")) {
                        up.setLong(1, resume);
                        up.setLong(2, prev.execution());
                        up.executeUpdate();
                    }
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO executions (execution, worker_count,"
                        + " resume_epoch, started_at) VALUES (?, ?, ?, ?)")) {
                    ins.setLong(1, next);
                    ins.setInt(2, workerCount);
                    ins.setLong(3, resume);
                    ins.setString(4, Instant.now().toString());
                    ins.executeUpdate();
                }
                return null;
            });
            current = new Current(next, workerCount, resume);
            garbage.reset();
            LOG.info("recovery store {}: execution {} with {} workers resumes at epoch {}", directory, next,
                    workerCount, resume);
            return new ExecutionStart(next, resume, prev == null ? 0 : prev.workerCount());
        }
    }

    /**
     * Makes this instance write to an execution that another process began with {@link #beginExecution} (for
     * runs of several processes sharing one store: one process begins, the others attach).
     *
     * @throws RecoveryStoreException if {@code execution} is not the latest execution of the store
     */
    @Override
    public ExecutionStart attachExecution(long execution) {
        synchronized (beginLock) {
            List<StoreQueries.ExecutionRow> all = StoreQueries.executions(parts);
            StoreQueries.ExecutionRow latest = all.isEmpty() ? null : all.get(all.size() - 1);
            if (latest == null || latest.execution() != execution) {
                throw new RecoveryStoreException("cannot attach to execution " + execution + " of " + directory
                        + ": the latest execution is " + (latest == null ? "none" : latest.execution())
                        + ". Restart all processes of the run together.");
            }
            current = new Current(execution, latest.workerCount(), latest.resumeEpoch());
            garbage.reset();
            int previous = all.size() > 1 ? all.get(all.size() - 2).workerCount() : 0;
            return new ExecutionStart(execution, latest.resumeEpoch(), previous);
        }
    }

    private static Map<String, String> stepKinds(List<StepInfo> steps) {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (StepInfo s : steps) {
            Objects.requireNonNull(s.stepId(), "stepId");
            if (!KINDS.contains(s.kind())) {
                throw new IllegalArgumentException("step '" + s.stepId() + "' has kind '" + s.kind()
                        + "'; expected one of " + KINDS);
            }
            String before = kinds.put(s.stepId(), s.kind());
            if (before != null && !before.equals(s.kind())) {
                throw new IllegalArgumentException("step '" + s.stepId() + "' is listed as both " + before + " and "
                        + s.kind());
            }
        }
        return kinds;
    }

    private void checkSteps(Map<String, String> kinds, long resume) {
        List<String> problems = new ArrayList<>();
        StoreQueries.storedSteps(parts).forEach((id, storedKind) -> {
            String kind = kinds.get(id);
            if (kind == null) {
                if (storedKind.equals("state") && StoreQueries.hasLiveState(parts, id, resume)) {
                    problems.add("stateful step '" + id + "' is gone from the dataflow but has saved state");
                }
            } else if (!kind.equals(storedKind) && StoreQueries.hasLiveState(parts, id, resume)) {
                problems.add("step '" + id + "' was a " + storedKind + " step and is now a " + kind + " step");
            }
        });
        if (!problems.isEmpty()) {
            throw new RecoveryStoreException("the dataflow does not match the saved state in " + directory + ": "
                    + String.join("; ", problems) + ". Resuming would drop or misread that state. Restore the step(s)"
                    + " with the same id and kind, or start with a fresh recovery directory (`flowstate recovery init"
                    + " DIR --partitions N`) to start without the saved state.");
        }
    }

    private static void recordSteps(Connection c, Map<String, String> kinds, long execution)
            throws SQLException {
        try (PreparedStatement up = c.prepareStatement("INSERT INTO steps (step_id, kind, last_execution)"
                + " VALUES (?, ?, ?) ON CONFLICT (step_id) DO UPDATE SET kind = excluded.kind,"
                + " last_execution = excluded.last_execution")) {
            for (Map.Entry<String, String> e : kinds.entrySet()) {
                up.setString(1, e.getKey());
                up.setString(2, e.getValue());
                up.setLong(3, execution);
                up.addBatch();
            }
            up.executeBatch();
        }
    }

    @Override
    public void loadKeyedStates(String stepId, long beforeEpoch, int workerCount, int workerIndex,
                                StateConsumer consumer) {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(consumer, "consumer");
        checkWorker(workerCount, workerIndex);
        for (PartitionDb db : parts) {
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement(LOAD_KEYED_SQL)) {
                    ps.setString(1, stepId);
                    ps.setLong(2, beforeEpoch);
                    ps.setInt(3, workerCount);
                    ps.setInt(4, workerIndex);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            consumer.accept(rs.getBytes(1), rs.getBytes(2));
                        }
                    }
                }
                return null;
            });
        }
    }

    @Override
    public byte[] loadPartitionState(String stepId, String partition, long beforeEpoch) {
        byte[] key = partition.getBytes(StandardCharsets.UTF_8);
        return parts.get(partitionOf(stepId, key)).read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM snapshots WHERE step_id = ? AND key = ?"
                    + " AND epoch < ? ORDER BY epoch DESC LIMIT 1")) {
                ps.setString(1, stepId);
                ps.setBytes(2, key);
                ps.setLong(3, beforeEpoch);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    @Override
    public void commit(List<EpochCommit> commits) {
        Current cur = requireCurrent();
        List<List<Row>> byPartition = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            byPartition.add(new ArrayList<>());
        }
        for (EpochCommit commit : commits) {
            checkWorker(cur.workerCount(), commit.workerIndex());
            if (commit.epoch() < cur.resumeEpoch()) {
                throw new IllegalArgumentException("worker " + commit.workerIndex() + " commits epoch " + commit.epoch()
                        + ", before resume epoch " + cur.resumeEpoch() + " of execution " + cur.execution());
            }
            for (SnapshotRow r : commit.rows()) {
                Objects.requireNonNull(r.stepId(), "stepId");
                Objects.requireNonNull(r.key(), "key");
                if (r.routeHash() < 0) {
                    throw new IllegalArgumentException("negative route hash " + r.routeHash() + " for step " + r.stepId());
                }
                byPartition.get(partitionOf(r.stepId(), r.key())).add(new Row(commit.epoch(), r));
            }
            garbage.committing(commit.epoch());
        }
        List<Callable<Void>> writes = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            List<Row> part = byPartition.get(p);
            PartitionDb db = parts.get(p);
            if (!part.isEmpty()) {
                writes.add(() -> db.write(c -> insertRows(c, part)));
            }
        }
        writeAll(writes);
        // Only now, with every row durable, may the frontiers move.
        for (EpochCommit commit : commits) {
            recordFrontier(cur, commit.workerIndex(), commit.epoch() + 1, commit.finished());
        }
    }

    /** Writes to the partitions in parallel: each is its own file, so their durable writes overlap. */
    private void writeAll(List<Callable<Void>> writes) {
        if (writes.size() == 1) {
            call(writes.get(0));
            return;
        }
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> w : writes) {
            futures.add(writers.submit(w));
        }
        RuntimeException failure = null;
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                        : new RecoveryStoreException("writing snapshots failed: " + e.getCause(), e.getCause());
                failure = failure == null ? cause : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? new RecoveryStoreException("interrupted while writing snapshots", e) : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void call(Callable<Void> write) {
        try {
            write.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RecoveryStoreException("writing snapshots failed: " + e, e);
        }
    }

    private void recordFrontier(Current cur, int workerIndex, long frontier, boolean finished) {
        PartitionDb progress = parts.get(workerIndex % n);
        int updated = progress.write(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE progress SET frontier = max(frontier, ?),"
                    + " finished = max(finished, ?) WHERE execution = ? AND worker_index = ?")) {
                up.setLong(1, frontier);
                up.setInt(2, finished ? 1 : 0);
                up.setLong(3, cur.execution());
                up.setInt(4, workerIndex);
                return up.executeUpdate();
            }
        });
        if (updated != 1) {
            throw new RecoveryStoreException("no progress row for worker " + workerIndex + " of execution "
                    + cur.execution() + " in " + progress.file + "; was the store replaced while running?");
        }
    }

    /** A snapshot row with the epoch it was taken at. */
    private record Row(long epoch, SnapshotRow row) {
    }

    private static Void insertRows(Connection c, List<Row> rows) throws SQLException {
        // In primary-key order, inserts walk the b-tree left to right instead of jumping around in it.
        rows.sort(ROW_ORDER);
        try (PreparedStatement ins = c.prepareStatement("INSERT OR REPLACE INTO snapshots"
                + " (step_id, key, epoch, route_hash, state) VALUES (?, ?, ?, ?, ?)")) {
            for (Row row : rows) {
                SnapshotRow r = row.row();
                ins.setString(1, r.stepId());
                ins.setBytes(2, r.key());
                ins.setLong(3, row.epoch());
                ins.setInt(4, r.routeHash());
                ins.setBytes(5, r.state());
                ins.addBatch();
            }
            ins.executeBatch();
        }
        return null;
    }

    @Override
    public void collectGarbage(long keepFromEpoch) {
        StoreQueries.ExecutionRow latest = StoreQueries.latestExecution(parts);
        if (latest == null) {
            return;
        }
        long safe = Math.min(keepFromEpoch, StoreQueries.minFrontier(parts, latest.execution(), latest.workerCount()));
        garbage.collect(safe, latest.execution());
    }

    /** Row count of the snapshots table over all partitions (for tests and diagnostics). */
    long snapshotRowCount() {
        long total = 0;
        for (PartitionDb db : parts) {
            total += db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM snapshots")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
        }
        return total;
    }

    int partitionOf(String stepId, byte[] key) {
        return Math.floorMod(StableHash.ofStepAndKey(stepId, key), n);
    }

    private Current requireCurrent() {
        Current cur = current;
        if (cur == null) {
            throw new IllegalStateException("beginExecution has not been called on this recovery store");
        }
        return cur;
    }

    private static void checkWorker(int workerCount, int workerIndex) {
        if (workerCount < 1 || workerIndex < 0 || workerIndex >= workerCount) {
            throw new IllegalArgumentException("worker " + workerIndex + " of " + workerCount);
        }
    }

    @Override
    public void close() {
        writers.shutdownNow();
        RuntimeException failure = null;
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
