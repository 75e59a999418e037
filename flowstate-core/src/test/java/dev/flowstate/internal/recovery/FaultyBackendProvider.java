package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.EpochWrite;
import dev.flowstate.recovery.spi.ExecutionRecord;
import dev.flowstate.recovery.spi.LockHolder;
import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendProvider;
import dev.flowstate.recovery.spi.RouteFilter;
import dev.flowstate.recovery.spi.RowConsumer;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;
import dev.flowstate.recovery.spi.StoredRow;
import dev.flowstate.recovery.spi.WorkerFrontier;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test backend found through the SPI like any other: {@code faulty:///DIR?failAfter=K&kind=READ_ONLY} is the
 * SQLite store in DIR whose writes fail with {@code kind} after K successful ones, as a store that turns read-only
 * (or fills up) in the middle of a run would. {@code faulty:///DIR?holdAfter=K}: the write after K successful ones
 * waits until the test {@linkplain Hold#release releases} it, as a store far slower than the epoch interval would.
 * {@code faulty:///DIR?failCollection=true&kind=DISK_FULL}: every garbage collection fails with {@code kind}.
 */
public final class FaultyBackendProvider implements RecoveryBackendProvider {
    private static volatile Hold hold = new Hold();
    private final SqliteBackendProvider sqlite = new SqliteBackendProvider();

    /** A write held back: the test learns when it is held and which epochs it carries, and lets it go. */
    public static final class Hold {
        private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        private volatile long newestEpoch = -1;

        /** Waits (bounded) until a write is held; false if none was within {@code timeout}. */
        public boolean awaitHeld(java.time.Duration timeout) throws InterruptedException {
            return held.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** The newest epoch in the held write. */
        public long newestEpoch() {
            return newestEpoch;
        }

        public void release() {
            released.countDown();
        }

        void holdWhile(List<EpochWrite> w) {
            newestEpoch = w.stream().mapToLong(EpochWrite::epoch).max().orElse(-1);
            held.countDown();
            try {
                if (!released.await(5, java.util.concurrent.TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never released the held write");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while held", e);
            }
        }
    }

    /** A new hold for the next {@code holdAfter} run; the previous one is forgotten. */
    public static Hold newHold() {
        hold = new Hold();
        return hold;
    }

    @Override
    public String scheme() {
        return "faulty";
    }

    @Override
    public String description() {
        return "SQLite files with injected failures";
    }

    private static StoreLocation inner(StoreLocation location) {
        return StoreLocation.of(Path.of("/" + location.path()));
    }

    @Override
    public void init(StoreLocation location, int partitions, StoreIdentity identity) {
        sqlite.init(inner(location), partitions, identity);
    }

    @Override
    public RecoveryBackend open(StoreLocation location, boolean readOnly) {
        Map<String, String> options = new HashMap<>(location.options());
        int failAfter = Integer.parseInt(options.getOrDefault("failAfter", "1000000"));
        int holdAfter = Integer.parseInt(options.getOrDefault("holdAfter", "-1"));
        boolean failCollection = Boolean.parseBoolean(options.getOrDefault("failCollection", "false"));
        RecoveryBackendException.Kind kind = RecoveryBackendException.Kind.valueOf(options.getOrDefault("kind", "READ_ONLY"));
        return new Faulty(location, sqlite.open(inner(location), readOnly), failAfter, holdAfter, failCollection,
                kind);
    }

    private static final class Faulty implements RecoveryBackend {
        private final StoreLocation location;
        private final RecoveryBackend d;
        private final int failAfter;
        private final int holdAfter;
        private final boolean failCollection;
        private final RecoveryBackendException.Kind kind;
        private final AtomicInteger writes = new AtomicInteger();

        Faulty(StoreLocation location, RecoveryBackend d, int failAfter, int holdAfter, boolean failCollection,
               RecoveryBackendException.Kind kind) {
            this.failCollection = failCollection;
            this.location = location;
            this.d = d;
            this.failAfter = failAfter;
            this.holdAfter = holdAfter;
            this.kind = kind;
        }

        @Override
        public StoreLocation location() {
            return location;
        }

        @Override
        public StoreIdentity readIdentity() {
            return d.readIdentity();
        }

        @Override
        public LockHolder tryAcquireRunLock(LockHolder me) {
            return d.tryAcquireRunLock(me);
        }

        @Override
        public void releaseRunLock() {
            d.releaseRunLock();
        }

        @Override
        public List<ExecutionRecord> executions() {
            return d.executions();
        }

        @Override
        public List<WorkerFrontier> frontiers(long execution) {
            return d.frontiers(execution);
        }

        @Override
        public void discardFrom(long fromEpoch) {
            d.discardFrom(fromEpoch);
        }

        @Override
        public void startExecution(ExecutionRecord previous, ExecutionRecord next, List<WorkerFrontier> frontiers,
                                   StoreIdentity identity) {
            d.startExecution(previous, next, frontiers, identity);
        }

        @Override
        public void write(List<EpochWrite> w) {
            int n = writes.incrementAndGet();
            if (n == holdAfter + 1) {
                hold.holdWhile(w);
            }
            if (n > failAfter) {
                throw new RecoveryBackendException(kind, "/" + location.path() + "/part-0000.sqlite3",
                        "write failed (rolled back) (injected " + kind + ")");
            }
            d.write(w);
        }

        @Override
        public void readNewestRows(String stepId, long beforeEpoch, RouteFilter filter, RowConsumer consumer) {
            d.readNewestRows(stepId, beforeEpoch, filter, consumer);
        }

        @Override
        public StoredRow readNewestRow(String stepId, byte[] key, long beforeEpoch) {
            return d.readNewestRow(stepId, key, beforeEpoch);
        }

        @Override
        public Map<String, Long> liveKeyCounts(long beforeEpoch) {
            return d.liveKeyCounts(beforeEpoch);
        }

        @Override
        public void deleteSuperseded(long fromEpoch, long keepEpoch, long oldestExecution) {
            if (failCollection) {
                throw new RecoveryBackendException(kind, "/" + location.path() + "/part-0000.sqlite3",
                        "injected failure of a garbage collection");
            }
            d.deleteSuperseded(fromEpoch, keepEpoch, oldestExecution);
        }

        @Override
        public String whereIs(String stepId, byte[] key) {
            return d.whereIs(stepId, key);
        }

        @Override
        public void close() {
            d.close();
        }
    }
}
