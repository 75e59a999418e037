package dev.flowstate.recovery.s3;

import dev.flowstate.recovery.remote.Fencing;
import dev.flowstate.recovery.remote.Records;
import dev.flowstate.recovery.remote.RowView;
import dev.flowstate.recovery.spi.Segments;
import dev.flowstate.recovery.remote.ViewBackedBackend;
import dev.flowstate.recovery.spi.EpochWrite;
import dev.flowstate.recovery.spi.ExecutionRecord;
import dev.flowstate.recovery.spi.LockHolder;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;
import dev.flowstate.recovery.spi.StoredRow;
import dev.flowstate.recovery.spi.WorkerFrontier;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A recovery store in object storage (the S3 API). Layout and atomicity argument: docs/recovery-store.md,
 * "Object storage". In short: every worker epoch is one immutable segment object, then the worker's frontier object
 * is replaced; an execution starts by creating its execution object with {@code If-None-Match: *} (one winner); a
 * segment counts only while no later execution resumed at or below its epoch, so writes of a fenced or zombie
 * process are never read; compaction writes a base object before deleting what it replaces.
 */
final class S3Backend extends ViewBackedBackend {
    private final StoreLocation location;
    private final S3Settings settings;
    private final S3Client client;
    private final S3Objects objects;
    private final S3Lease lease;
    private final boolean readOnly;
    private final ExecutorService io;
    private final Map<Long, Properties> executionObjects = new ConcurrentHashMap<>();
    private final Map<String, Long> knownFrontiers = new ConcurrentHashMap<>();

    S3Backend(StoreLocation location, S3Settings settings, boolean readOnly) {
        this.location = location;
        this.settings = settings;
        this.client = settings.client();
        this.objects = new S3Objects(client, settings.bucket(), settings.prefix());
        this.lease = new S3Lease(objects, settings.lease());
        this.readOnly = readOnly;
        this.io = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "flowstate-s3-io");
            t.setDaemon(true);
            return t;
        });
    }

    S3Objects objects() {
        return objects;
    }

    @Override
    public StoreLocation location() {
        return location;
    }

    @Override
    public StoreIdentity readIdentity() {
        List<String> executions = objects.list(Layout.EXECUTIONS);
        if (!executions.isEmpty()) {
            String last = executions.get(executions.size() - 1);
            return parse(last, () -> Records.identity(executionObject(Layout.number(last, Layout.EXECUTIONS)), "identity."));
        }
        byte[] bytes = objects.get(Layout.IDENTITY);
        if (bytes == null) {
            throw new RecoveryBackendException(Kind.NOT_INITIALIZED, location.text(), "no identity object "
                    + objects.where(Layout.IDENTITY));
        }
        try {
            return Records.identity(Records.properties(bytes), "");
        } catch (IllegalArgumentException e) {
            throw new RecoveryBackendException(Kind.FOREIGN, objects.where(Layout.IDENTITY),
                    "not a Flowstate identity record: " + e.getMessage(), e);
        }
    }

    @Override
    public LockHolder tryAcquireRunLock(LockHolder me) {
        checkWritable();
        return lease.tryAcquire(me);
    }

    @Override
    public void releaseRunLock() {
        lease.release();
    }

    @Override
    public List<ExecutionRecord> executions() {
        List<Properties> records = new ArrayList<>();
        for (String name : objects.list(Layout.EXECUTIONS)) {
            records.add(executionObject(Layout.number(name, Layout.EXECUTIONS)));
        }
        return parse(Layout.EXECUTIONS, () -> Records.executions(records));
    }

    @Override
    public List<WorkerFrontier> frontiers(long execution) {
        List<String> names = objects.list(Layout.frontiers(execution));
        List<WorkerFrontier> out = new ArrayList<>();
        for (byte[] bytes : fetchAll(names)) {
            out.add(Records.frontier(bytes));
        }
        return out;
    }

    @Override
    public synchronized void discardFrom(long fromEpoch) {
        checkWritable();
        lease.ensureHeld();
        invalidate();
        List<Future<?>> deletes = new ArrayList<>();
        for (String name : objects.list(Layout.SEGMENTS)) {
            if (Layout.segmentEpochAndExecution(name)[0] >= fromEpoch) {
                deletes.add(io.submit(() -> objects.delete(name)));
            }
        }
        await(deletes);
    }

    @Override
    public synchronized void startExecution(ExecutionRecord previous, ExecutionRecord next,
                                            List<WorkerFrontier> frontiers, StoreIdentity identity) {
        checkWritable();
        lease.ensureHeld();
        invalidate();
        List<Future<?>> puts = new ArrayList<>();
        for (WorkerFrontier f : frontiers) {
            puts.add(io.submit(() -> objects.put(Layout.frontier(f.execution(), f.worker()), Records.frontier(f))));
            knownFrontiers.put(f.execution() + "/" + f.worker(), f.frontier());
        }
        await(puts);
        Properties p = Records.startRecord(previous, next, identity);
        String name = Layout.execution(next.execution());
        byte[] bytes = Records.bytes(p);
        if (!objects.create(name, bytes)) {
            Properties existing = Records.properties(objects.get(name));
            if (!existing.equals(p)) {
                throw new RecoveryBackendException(Kind.LOCK_LOST, objects.where(name),
                        "another run started execution " + next.execution() + " first");
            }
        }
        executionObjects.put(next.execution(), p);
    }

    @Override
    public void write(List<EpochWrite> writes) {
        checkWritable();
        lease.ensureHeld();
        invalidate();
        List<Future<?>> segments = new ArrayList<>();
        Map<String, WorkerFrontier> newest = new HashMap<>();
        for (EpochWrite w : writes) {
            WorkerFrontier f = w.frontier();
            if (!w.rows().isEmpty()) {
                byte[] bytes = Segments.encode(w.rows());
                String name = Layout.segment(w.epoch(), f.execution(), f.worker());
                segments.add(io.submit(() -> objects.put(name, bytes)));
            }
            newest.merge(f.execution() + "/" + f.worker(), f, (a, b) -> b.frontier() >= a.frontier() ? b : a);
        }
        await(segments); // rows durable before any frontier that covers them
        List<Future<?>> frontiers = new ArrayList<>();
        for (Map.Entry<String, WorkerFrontier> e : newest.entrySet()) {
            WorkerFrontier f = e.getValue();
            Long known = knownFrontiers.get(e.getKey());
            if (known == null) {
                byte[] stored = objects.get(Layout.frontier(f.execution(), f.worker()));
                if (stored == null) {
                    throw new RecoveryBackendException(Kind.DAMAGED, objects.where(Layout.frontier(f.execution(), f.worker())),
                            "frontier record of worker " + f.worker() + " of execution " + f.execution() + " is missing");
                }
                known = Records.frontier(stored).frontier();
            }
            if (f.frontier() >= known) {
                frontiers.add(io.submit(() -> objects.put(Layout.frontier(f.execution(), f.worker()), Records.frontier(f))));
                knownFrontiers.put(e.getKey(), f.frontier());
            }
        }
        await(frontiers);
    }

    /**
     * Compacts when enough segments piled up below {@code keepEpoch}: writes the newest live rows below it as a base
     * object, then deletes the segments and older bases it replaces. Also deletes the segments of fenced
     * executions and frontier records of executions before {@code oldestExecution}.
     */
    @Override
    public synchronized void deleteSuperseded(long fromEpoch, long keepEpoch, long oldestExecution) {
        checkWritable();
        lease.ensureHeld();
        List<String> bases = objects.list(Layout.BASES);
        long base = bases.isEmpty() ? 0 : Layout.number(bases.get(bases.size() - 1), Layout.BASES);
        Fencing fencing = Fencing.of(executions());
        List<String> below = new ArrayList<>();
        List<Future<?>> deletes = new ArrayList<>();
        for (String name : objects.list(Layout.SEGMENTS)) {
            long[] ex = Layout.segmentEpochAndExecution(name);
            if (!fencing.counts(ex[1], ex[0]) || ex[0] < base) {
                deletes.add(io.submit(() -> objects.delete(name))); // fenced, or already in the base
            } else if (ex[0] < keepEpoch) {
                below.add(name);
            }
        }
        if (below.size() >= settings.compactAfter() && keepEpoch > base) {
            RowView view = buildView(keepEpoch);
            List<StoredRow> live = new ArrayList<>();
            view.steps().values().forEach(rows -> rows.values().forEach(r -> {
                if (!r.isTombstone()) {
                    live.add(r);
                }
            }));
            objects.put(Layout.base(keepEpoch), Segments.encode(live));
            for (String name : below) {
                deletes.add(io.submit(() -> objects.delete(name)));
            }
            for (String old : bases) {
                deletes.add(io.submit(() -> objects.delete(old)));
            }
        }
        for (String name : objects.list(Layout.FRONTIERS)) {
            if (Layout.number(name, Layout.FRONTIERS) < oldestExecution) {
                deletes.add(io.submit(() -> objects.delete(name)));
            }
        }
        await(deletes);
    }

    @Override
    public synchronized void close() {
        lease.close();
        io.shutdownNow();
        client.close();
    }

    private void checkWritable() {
        if (readOnly) {
            throw new RecoveryBackendException(Kind.INVALID, location.text(), "the store was opened read-only");
        }
    }

    /** Newest base, then the valid segments from its epoch up to {@code before}, in (epoch, execution) order. */
    @Override
    protected RowView buildView(long before) {
        RowView view = new RowView(before);
        List<String> bases = objects.list(Layout.BASES);
        long base = 0;
        List<String> names = new ArrayList<>();
        if (!bases.isEmpty()) {
            String newest = bases.get(bases.size() - 1);
            base = Layout.number(newest, Layout.BASES);
            names.add(newest);
        }
        Fencing fencing = Fencing.of(executions());
        for (String name : objects.list(Layout.SEGMENTS)) {
            long[] ex = Layout.segmentEpochAndExecution(name);
            if (ex[0] >= base && ex[0] < before && fencing.counts(ex[1], ex[0])) {
                names.add(name);
            }
        }
        List<byte[]> contents = fetchAll(names);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            byte[] bytes = contents.get(i);
            view.add(parse(name, () -> Segments.decode(bytes)));
        }
        return view;
    }

    private Properties executionObject(long execution) {
        return executionObjects.computeIfAbsent(execution, x -> {
            byte[] bytes = objects.get(Layout.execution(x));
            if (bytes == null) {
                throw new RecoveryBackendException(Kind.DAMAGED, objects.where(Layout.execution(x)), "execution object vanished");
            }
            return Records.properties(bytes);
        });
    }

    private List<byte[]> fetchAll(List<String> names) {
        List<Future<byte[]>> futures = new ArrayList<>();
        for (String name : names) {
            futures.add(io.submit(() -> {
                byte[] b = objects.get(name);
                if (b == null) {
                    throw new RecoveryBackendException(Kind.DAMAGED, objects.where(name), "object listed but missing");
                }
                return b;
            }));
        }
        List<byte[]> out = new ArrayList<>(names.size());
        for (Future<byte[]> f : futures) {
            out.add(get(f));
        }
        return out;
    }

    private <T> T parse(String name, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new RecoveryBackendException(Kind.DAMAGED, objects.where(name), e.getMessage(), e);
        }
    }

    private static void await(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            get(f);
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryBackendException(Kind.IO, "object store", "interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecoveryBackendException r) {
                throw r;
            }
            throw new RecoveryBackendException(Kind.IO, "object store", String.valueOf(e.getCause()), e.getCause());
        }
    }
}
