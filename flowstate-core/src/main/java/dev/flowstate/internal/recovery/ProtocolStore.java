package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.RecoveryConfig;
import dev.flowstate.recovery.spi.EpochWrite;
import dev.flowstate.recovery.spi.ExecutionRecord;
import dev.flowstate.recovery.spi.LockHolder;
import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendProvider;
import dev.flowstate.recovery.spi.RouteFilter;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;
import dev.flowstate.recovery.spi.StoredRow;
import dev.flowstate.recovery.spi.WorkerFrontier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recovery protocol, written once over any {@link RecoveryBackend}: the {@link RecoveryStore} the runtime uses.
 *
 * <p>It owns every rule: the store's format version and identity (one dataflow per store, checked before anything
 * else is read or written), the run lock (taken at open by the process that starts executions), the resume epoch
 * ({@link Frontiers#effective} over the latest execution's workers), step checks, checksums on every row and
 * frontier (verified on load), filtering rows by route hash for a worker's share, and garbage-collection policy
 * (never past the current effective frontier; incremental from an in-memory horizon). Every failure a backend
 * reports becomes one of the messages in {@link Refusals}, the same for every backend.
 *
 * <h2>Consistency</h2>
 * A worker's frontier moves only after its rows are durable (the backend's {@link RecoveryBackend#write}
 * contract), so every epoch below the effective frontier is complete. Rows at or above it may exist (a worker
 * ahead of the slowest, a crash mid-write) and are discarded by the next {@link #beginExecution} before it records
 * anything; because that start only reads the previous execution's frontiers and records the new execution last
 * ({@link RecoveryBackend#startExecution} is the commit point), a crash inside it and a rerun compute the same
 * resume epoch.
 */
public final class ProtocolStore implements RecoveryStore {
    /** The store format this release reads and writes. 2: checksums, dataflow identity, run lock. */
    public static final int FORMAT_VERSION = 2;

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolStore.class);
    private static final Set<String> KINDS = Set.of("state", "source", "sink");

    private final StoreLocation location;
    private final RecoveryBackend backend;
    private final Object beginLock = new Object();
    private volatile StoreIdentity identity;
    private volatile Current current;
    private final GcHorizon horizon = new GcHorizon();

    /** The execution this instance writes to. */
    private record Current(long execution, int workerCount, long resumeEpoch) {
    }

    private ProtocolStore(StoreLocation location, RecoveryBackend backend, StoreIdentity identity) {
        this.location = location;
        this.backend = backend;
        this.identity = identity;
    }

    /**
     * Opens the store a config names. {@code lead}: this process starts executions (a single-process run, or
     * process 0 of a cluster) and so takes the run lock, refusing at once if another run holds it.
     */
    public static ProtocolStore open(RecoveryConfig config, boolean lead) {
        return open(config.location(), lead);
    }

    /** Opens a directory store as the lead process (tests, tools). */
    public static ProtocolStore open(Path directory) {
        return open(StoreLocation.of(directory), true);
    }

    /** See {@link #open(RecoveryConfig, boolean)}. */
    public static ProtocolStore open(StoreLocation location, boolean lead) {
        RecoveryBackendProvider provider = Backends.provider(location);
        RecoveryBackend backend = call(location, () -> provider.open(location, false));
        try {
            StoreIdentity id = readCheckedIdentity(location, backend);
            if (lead) {
                LockHolder holder = call(location, () -> backend.tryAcquireRunLock(LockHolder.current()));
                if (holder != null) {
                    throw Refusals.locked(location, holder);
                }
            }
            return new ProtocolStore(location, backend, id);
        } catch (RuntimeException e) {
            closeQuietly(backend, e);
            throw e;
        }
    }

    /**
     * Creates a store at {@code location} with {@code partitions} partitions, atomically (see
     * {@link RecoveryBackendProvider#init}).
     */
    public static void init(StoreLocation location, int partitions) {
        RecoveryBackendProvider provider = Backends.provider(location);
        StoreIdentity id = new StoreIdentity(FORMAT_VERSION, java.util.UUID.randomUUID().toString(),
                Instant.now().toString(), partitions, null, Map.of());
        try {
            provider.init(location, partitions, id);
        } catch (RecoveryBackendException e) {
            RecoveryStoreException refusal = Refusals.of(location, e);
            switch (e.kind()) {
                case ALREADY_INITIALIZED, NOT_EMPTY, INVALID ->
                        throw new IllegalArgumentException(refusal.getMessage(), e); // the caller chose the location
                default -> throw refusal;
            }
        }
    }

    /** Reads a store without changing or locking it; see {@link dev.flowstate.recovery.Recovery#inspect}. */
    public static dev.flowstate.recovery.RecoveryReport inspect(StoreLocation location) {
        RecoveryBackendProvider provider = Backends.provider(location);
        RecoveryBackend backend = call(location, () -> provider.open(location, true));
        try {
            StoreIdentity id = readCheckedIdentity(location, backend);
            return call(location, () -> StoreReport.build(location, provider.description(), id, backend,
                    (execution, workers) -> effectiveFrontier(location, backend, execution, workers)));
        } finally {
            closeQuietly(backend, null);
        }
    }

    /**
     * Per step of {@code kind} ({@code source} or {@code sink}), partition name to its newest saved state as of the
     * resume epoch, each checked against its checksum. Read-only: no lock, nothing written.
     */
    public static Map<String, Map<String, byte[]>> partitionStates(StoreLocation location, String kind) {
        RecoveryBackendProvider provider = Backends.provider(location);
        RecoveryBackend backend = call(location, () -> provider.open(location, true));
        try {
            StoreIdentity id = readCheckedIdentity(location, backend);
            List<ExecutionRecord> all = call(location, backend::executions);
            ExecutionRecord latest = all.isEmpty() ? null : all.get(all.size() - 1);
            long resume = latest == null ? 1
                    : effectiveFrontier(location, backend, latest.execution(), latest.workerCount());
            Map<String, Map<String, byte[]>> out = new TreeMap<>();
            id.steps().forEach((stepId, k) -> {
                if (!k.equals(kind)) {
                    return;
                }
                Map<String, byte[]> states = new TreeMap<>();
                call(location, () -> {
                    backend.readNewestRows(stepId, resume, RouteFilter.ALL, row -> {
                        if (row.epoch() < resume) {
                            verify(location, backend, row);
                            if (!row.isTombstone()) {
                                states.put(new String(row.key(), StandardCharsets.UTF_8), row.state());
                            }
                        }
                    });
                    return null;
                });
                out.put(stepId, states);
            });
            return out;
        } finally {
            closeQuietly(backend, null);
        }
    }

    private static StoreIdentity readCheckedIdentity(StoreLocation location, RecoveryBackend backend) {
        StoreIdentity id = call(location, backend::readIdentity);
        if (id.formatVersion() != FORMAT_VERSION) {
            throw Refusals.formatVersion(location, id.formatVersion(), FORMAT_VERSION);
        }
        return id;
    }

    public StoreLocation location() {
        return location;
    }

    public String storeId() {
        return identity.storeId();
    }

    public int partitionCount() {
        return identity.partitions();
    }

    /** The backend underneath (tests and diagnostics). */
    public RecoveryBackend backend() {
        return backend;
    }

    @Override
    public int latestWorkerCount() {
        ExecutionRecord prev = latest();
        return prev == null ? 0 : prev.workerCount();
    }

    private ExecutionRecord latest() {
        List<ExecutionRecord> all = call(location, backend::executions);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    @Override
    public ExecutionStart beginExecution(String dataflow, int workerCount, List<StepInfo> steps) {
        Objects.requireNonNull(dataflow, "dataflow");
        if (workerCount < 1) {
            throw new IllegalArgumentException("workerCount must be at least 1, got " + workerCount);
        }
        Map<String, String> kinds = stepKinds(steps);
        synchronized (beginLock) {
            StoreIdentity id = identity;
            if (id.dataflow() != null && !id.dataflow().equals(dataflow)) {
                throw Refusals.otherDataflow(location, id.dataflow(), dataflow);
            }
            ExecutionRecord prev = latest();
            List<WorkerFrontier> prevFrontiers = prev == null ? List.of()
                    : frontierRecords(location, backend, prev.execution(), prev.workerCount());
            long resume = prev == null ? 1 : effective(prevFrontiers, prev.workerCount());
            checkSteps(dataflow, id.steps(), kinds, resume); // reads only: refuse before anything is written
            long next = prev == null ? 1 : prev.execution() + 1;
            // Rows at or after the resume epoch can only come from the previous execution (each start discards
            // older ones), and only from a worker that had not finished: a finished worker wrote nothing at or
            // after its frontier, and when all finished the resume epoch is their highest frontier. So a store
            // left by a clean end (or a fresh one) needs no discard, which for some backends is a scan.
            if (!prevFrontiers.stream().allMatch(WorkerFrontier::finished)) {
                call(location, () -> {
                    backend.discardFrom(resume);
                    return null;
                });
            }
            List<WorkerFrontier> frontiers = new ArrayList<>(workerCount);
            for (int w = 0; w < workerCount; w++) {
                frontiers.add(Checksums.frontier(next, w, resume, false));
            }
            Map<String, String> merged = new TreeMap<>(id.steps());
            merged.putAll(kinds);
            StoreIdentity owned = id.withOwner(dataflow, merged);
            ExecutionRecord previous = prev == null ? null : new ExecutionRecord(prev.execution(), prev.workerCount(),
                    prev.resumeEpoch(), prev.startedAt(), resume);
            ExecutionRecord record = new ExecutionRecord(next, workerCount, resume, Instant.now().toString(), null);
            call(location, () -> {
                backend.startExecution(previous, record, frontiers, owned);
                return null;
            });
            identity = owned;
            current = new Current(next, workerCount, resume);
            horizon.reset();
            LOG.info("recovery store {}: execution {} of '{}' with {} workers resumes at epoch {}", location, next,
                    dataflow, workerCount, resume);
            return new ExecutionStart(next, resume, prev == null ? 0 : prev.workerCount());
        }
    }

    @Override
    public ExecutionStart attachExecution(long execution) {
        synchronized (beginLock) {
            List<ExecutionRecord> all = call(location, backend::executions);
            ExecutionRecord latest = all.isEmpty() ? null : all.get(all.size() - 1);
            if (latest == null || latest.execution() != execution) {
                throw Refusals.attachMismatch(location, execution, latest == null ? null : latest.execution());
            }
            identity = call(location, backend::readIdentity);
            current = new Current(execution, latest.workerCount(), latest.resumeEpoch());
            horizon.reset();
            int previous = all.size() > 1 ? all.get(all.size() - 2).workerCount() : 0;
            return new ExecutionStart(execution, latest.resumeEpoch(), previous);
        }
    }

    /** The effective frontier of an execution's workers, from checked frontier records. */
    private static long effectiveFrontier(StoreLocation location, RecoveryBackend backend, long execution,
                                          int workerCount) {
        return effective(frontierRecords(location, backend, execution, workerCount), workerCount);
    }

    /** The execution's frontier records, verified: valid checksums, and one for each of its workers. */
    private static List<WorkerFrontier> frontierRecords(StoreLocation location, RecoveryBackend backend,
                                                        long execution, int workerCount) {
        List<WorkerFrontier> records = call(location, () -> backend.frontiers(execution));
        boolean[] seen = new boolean[workerCount];
        for (WorkerFrontier f : records) {
            if (!Checksums.valid(f) || f.execution() != execution) {
                throw Refusals.corruptFrontier(location, execution, f.worker());
            }
            if (f.worker() >= 0 && f.worker() < workerCount) {
                seen[f.worker()] = true;
            }
        }
        for (int w = 0; w < workerCount; w++) {
            if (!seen[w]) {
                throw Refusals.missingFrontier(location, execution, w);
            }
        }
        return records;
    }

    /** {@link Frontiers#effective} of verified records. */
    private static long effective(List<WorkerFrontier> records, int workerCount) {
        long[] frontiers = new long[workerCount];
        boolean[] finished = new boolean[workerCount];
        for (WorkerFrontier f : records) {
            if (f.worker() >= 0 && f.worker() < workerCount) {
                frontiers[f.worker()] = f.frontier();
                finished[f.worker()] = f.finished();
            }
        }
        return Frontiers.effective(frontiers, finished);
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

    /**
     * A stored {@code state} step missing from the dataflow while it has live state, or any stored step whose kind
     * changed while it has live state, is refused: silently dropping or misreading saved state is worse than
     * stopping. New steps start empty; removed source/sink steps are allowed.
     */
    private void checkSteps(String dataflow, Map<String, String> stored, Map<String, String> kinds, long resume) {
        List<String> candidates = new ArrayList<>();
        stored.forEach((stepId, storedKind) -> {
            String kind = kinds.get(stepId);
            if ((kind == null && storedKind.equals("state")) || (kind != null && !kind.equals(storedKind))) {
                candidates.add(stepId);
            }
        });
        if (candidates.isEmpty()) {
            return;
        }
        Map<String, Long> live = call(location, () -> backend.liveKeyCounts(resume));
        List<String> problems = new ArrayList<>();
        for (String stepId : candidates) {
            if (live.getOrDefault(stepId, 0L) == 0) {
                continue;
            }
            String kind = kinds.get(stepId);
            problems.add(kind == null ? "stateful step '" + stepId + "' is gone from the dataflow but has saved state"
                    : "step '" + stepId + "' was a " + stored.get(stepId) + " step and is now a " + kind + " step");
        }
        if (!problems.isEmpty()) {
            throw Refusals.stepsChanged(location, dataflow, String.join("; ", problems));
        }
    }

    @Override
    public void loadKeyedStates(String stepId, long beforeEpoch, int workerCount, int workerIndex,
                                StateConsumer consumer) {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(consumer, "consumer");
        RouteFilter filter = new RouteFilter(workerCount, workerIndex);
        call(location, () -> {
            backend.readNewestRows(stepId, beforeEpoch, filter, row -> {
                if (!filter.matches(row.routeHash()) || row.epoch() >= beforeEpoch) {
                    return;
                }
                verify(row);
                if (!row.isTombstone()) {
                    consumer.accept(row.key(), row.state());
                }
            });
            return null;
        });
    }

    @Override
    public byte[] loadPartitionState(String stepId, String partition, long beforeEpoch) {
        byte[] key = partition.getBytes(StandardCharsets.UTF_8);
        StoredRow row = call(location, () -> backend.readNewestRow(stepId, key, beforeEpoch));
        if (row == null) {
            return null;
        }
        verify(row);
        return row.state();
    }

    private void verify(StoredRow row) {
        verify(location, backend, row);
    }

    private static void verify(StoreLocation location, RecoveryBackend backend, StoredRow row) {
        if (!Checksums.valid(row)) {
            throw Refusals.corruptRow(location, backend.whereIs(row.stepId(), row.key()), row.stepId(), row.key(),
                    row.epoch());
        }
    }

    @Override
    public void commit(List<EpochCommit> commits) {
        Current cur = requireCurrent();
        List<EpochWrite> writes = new ArrayList<>(commits.size());
        for (EpochCommit commit : commits) {
            checkWorker(cur.workerCount(), commit.workerIndex());
            if (commit.epoch() < cur.resumeEpoch()) {
                throw new IllegalArgumentException("worker " + commit.workerIndex() + " commits epoch " + commit.epoch()
                        + ", before resume epoch " + cur.resumeEpoch() + " of execution " + cur.execution());
            }
            List<StoredRow> rows = new ArrayList<>(commit.rows().size());
            for (SnapshotRow r : commit.rows()) {
                Objects.requireNonNull(r.stepId(), "stepId");
                Objects.requireNonNull(r.key(), "key");
                if (r.routeHash() < 0) {
                    throw new IllegalArgumentException("negative route hash " + r.routeHash() + " for step " + r.stepId());
                }
                rows.add(new StoredRow(r.stepId(), r.key(), commit.epoch(), r.routeHash(), r.state(),
                        Checksums.of(r.stepId(), r.key(), commit.epoch(), r.routeHash(), r.state())));
            }
            horizon.committing(commit.epoch());
            writes.add(new EpochWrite(commit.epoch(), rows, Checksums.frontier(cur.execution(), commit.workerIndex(),
                    commit.epoch() + 1, commit.finished())));
        }
        call(location, () -> {
            backend.write(writes);
            return null;
        });
    }

    /**
     * Collects rows no resume at {@code keepFromEpoch} or later needs, never past the latest execution's current
     * effective frontier, whatever it is asked.
     */
    @Override
    public void collectGarbage(long keepFromEpoch) {
        ExecutionRecord latest = latest();
        if (latest == null) {
            return;
        }
        long safe = Math.min(keepFromEpoch,
                effectiveFrontier(location, backend, latest.execution(), latest.workerCount()));
        horizon.collect(safe, (from, keep) -> call(location, () -> {
            backend.deleteSuperseded(from, keep, latest.execution());
            return null;
        }));
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

    /** Runs a backend call, turning its failure into the user's message. */
    static <T> T call(StoreLocation location, Supplier<T> work) {
        try {
            return work.get();
        } catch (RecoveryBackendException e) {
            throw Refusals.of(location, e);
        }
    }

    private static void closeQuietly(RecoveryBackend backend, RuntimeException failure) {
        try {
            backend.close();
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    @Override
    public void close() {
        call(location, () -> {
            backend.close();
            return null;
        });
    }

    @Override
    public String toString() {
        return "recovery store " + location;
    }
}
