package dev.flowstate.recovery.testkit;

import dev.flowstate.recovery.spi.EpochWrite;
import dev.flowstate.recovery.spi.ExecutionRecord;
import dev.flowstate.recovery.spi.LockHolder;
import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.RecoveryBackendProvider;
import dev.flowstate.recovery.spi.RouteFilter;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;
import dev.flowstate.recovery.spi.StoredRow;
import dev.flowstate.recovery.spi.WorkerFrontier;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link RecoveryBackend} contract, checked the same way for every backend. A backend's tests extend this class
 * and give a fresh, empty location per call of {@link #newLocation()} (servers are the subclass's business: start
 * one per class). Checks: init atomicity and refusals, the ServiceLoader registration, rows newest-before-epoch
 * with tombstones and route filters, frontiers, discarding a crashed run's rows, execution records and identity
 * updates, garbage collection never losing what a resume needs, and the run lock.
 */
public abstract class BackendContractTest {

    /** A location where nothing exists yet; every call a new one. */
    protected abstract StoreLocation newLocation();

    /** The scheme the backend registers. */
    protected abstract String scheme();

    protected RecoveryBackendProvider provider() {
        for (RecoveryBackendProvider p : ServiceLoader.load(RecoveryBackendProvider.class)) {
            if (p.scheme().equals(scheme())) {
                return p;
            }
        }
        throw new AssertionError("no RecoveryBackendProvider for scheme " + scheme() + " on the class path");
    }

    protected static StoreIdentity identity() {
        return new StoreIdentity(3, "store-" + System.nanoTime(), Instant.now().toString(), 4, null, Map.of());
    }

    protected static StoredRow row(String step, String key, long epoch, String state) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return new StoredRow(step, k, epoch, Math.floorMod(key.hashCode(), 1 << 20),
                state == null ? null : state.getBytes(StandardCharsets.UTF_8), key.hashCode() ^ (int) epoch);
    }

    /** A store with execution 1 of {@code workers} workers started at epoch 1. */
    protected RecoveryBackend startedStore(int workers) {
        StoreLocation loc = newLocation();
        StoreIdentity id = identity();
        provider().init(loc, 2, id);
        RecoveryBackend b = provider().open(loc, false);
        assertThat(b.tryAcquireRunLock(LockHolder.current())).isNull();
        b.startExecution(null, new ExecutionRecord(1, workers, 1, Instant.now().toString(), null),
                frontiers(1, workers, 1), id.withOwner("job", Map.of("count", "state")));
        return b;
    }

    protected static List<WorkerFrontier> frontiers(long execution, int workers, long frontier) {
        List<WorkerFrontier> fs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            fs.add(new WorkerFrontier(execution, w, frontier, false, w * 31 + (int) frontier));
        }
        return fs;
    }

    protected static EpochWrite epoch(long execution, int worker, long epoch, StoredRow... rows) {
        return new EpochWrite(epoch, List.of(rows), new WorkerFrontier(execution, worker, epoch + 1, false, 7));
    }

    /** key → state text of every non-tombstone newest row of {@code step} before {@code before}. */
    protected static Map<String, String> live(RecoveryBackend b, String step, long before, RouteFilter filter) {
        Map<String, String> out = new TreeMap<>();
        b.readNewestRows(step, before, filter, r -> {
            if (filter.matches(r.routeHash()) && !r.isTombstone()) {
                assertThat(out.put(new String(r.key(), StandardCharsets.UTF_8),
                        new String(r.state(), StandardCharsets.UTF_8))).as("one row per key").isNull();
            }
        });
        return out;
    }

    /** The SPI's own executable summary of the contract (flowstate-core's BackendConformance). */
    @Test
    void passesBackendConformance() {
        dev.flowstate.recovery.spi.BackendConformance.check(provider(), this::newLocation);
    }

    @Test
    void initThenReadIdentity_andRefusals() {
        StoreLocation loc = newLocation();
        RecoveryBackendProvider p = provider();
        assertThatThrownBy(() -> {
            try (RecoveryBackend b = p.open(loc, true)) {
                b.readIdentity();
            }
        }).isInstanceOfSatisfying(RecoveryBackendException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_INITIALIZED));
        StoreIdentity id = identity();
        p.init(loc, 2, id);
        assertThatThrownBy(() -> p.init(loc, 2, identity()))
                .isInstanceOfSatisfying(RecoveryBackendException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ALREADY_INITIALIZED));
        try (RecoveryBackend b = p.open(loc, true)) {
            StoreIdentity read = b.readIdentity();
            assertThat(read.storeId()).isEqualTo(id.storeId());
            assertThat(read.formatVersion()).isEqualTo(id.formatVersion());
            assertThat(read.dataflow()).isNull();
            assertThat(b.executions()).isEmpty();
        }
    }

    @Test
    void newestRowBeforeEpoch_tombstonesAndRouteFilter() {
        try (RecoveryBackend b = startedStore(2)) {
            b.write(List.of(epoch(1, 0, 1, row("count", "a", 1, "a1"), row("count", "b", 1, "b1")),
                    epoch(1, 1, 1, row("count", "c", 1, "c1"))));
            b.write(List.of(epoch(1, 0, 2, row("count", "a", 2, "a2"), row("count", "b", 2, null))));
            b.write(List.of(epoch(1, 0, 3, row("count", "a", 3, "a3"))));
            assertThat(live(b, "count", 2, RouteFilter.ALL)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "a1", "b", "b1", "c", "c1"));
            assertThat(live(b, "count", 3, RouteFilter.ALL)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "a2", "c", "c1"));
            assertThat(live(b, "count", 4, RouteFilter.ALL)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "a3", "c", "c1"));
            Map<String, String> split = new HashMap<>(live(b, "count", 4, new RouteFilter(2, 0)));
            split.putAll(live(b, "count", 4, new RouteFilter(2, 1)));
            assertThat(split).isEqualTo(live(b, "count", 4, RouteFilter.ALL));
            assertThat(b.readNewestRow("count", "b".getBytes(StandardCharsets.UTF_8), 3).isTombstone()).isTrue();
            assertThat(new String(b.readNewestRow("count", "b".getBytes(StandardCharsets.UTF_8), 2).state(),
                    StandardCharsets.UTF_8)).isEqualTo("b1");
            assertThat(b.readNewestRow("count", "zz".getBytes(StandardCharsets.UTF_8), 9)).isNull();
            assertThat(b.liveKeyCounts(4)).containsEntry("count", 2L);
            StoredRow a = b.readNewestRow("count", "a".getBytes(StandardCharsets.UTF_8), 9);
            assertThat(a).usingRecursiveComparison().isEqualTo(row("count", "a", 3, "a3"));
            assertThat(b.frontiers(1)).extracting(WorkerFrontier::worker, WorkerFrontier::frontier)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0, 4L), org.assertj.core.groups.Tuple.tuple(1, 2L));
        }
    }

    @Test
    void frontierNeverMovesBack() {
        try (RecoveryBackend b = startedStore(1)) {
            b.write(List.of(epoch(1, 0, 5)));
            b.write(List.of(new EpochWrite(2, List.of(), new WorkerFrontier(1, 0, 3, false, 1))));
            assertThat(b.frontiers(1)).singleElement().extracting(WorkerFrontier::frontier).isEqualTo(6L);
        }
    }

    @Test
    void discardFromHidesACrashedRunsRows_laterWritesAreVisible() {
        try (RecoveryBackend b = startedStore(1)) {
            for (long e = 1; e <= 4; e++) {
                b.write(List.of(epoch(1, 0, e, row("count", "k", e, "v" + e))));
            }
            b.discardFrom(3);
            assertThat(live(b, "count", 10, RouteFilter.ALL)).containsEntry("k", "v2");
            b.discardFrom(3); // idempotent: a start interrupted after its discard runs it again
            assertThat(live(b, "count", 10, RouteFilter.ALL)).containsEntry("k", "v2");
            assertThat(b.readNewestRow("count", "k".getBytes(StandardCharsets.UTF_8), 10).epoch()).isEqualTo(2);
            b.startExecution(new ExecutionRecord(1, 1, 1, Instant.now().toString(), 3L),
                    new ExecutionRecord(2, 1, 3, Instant.now().toString(), null), frontiers(2, 1, 3),
                    b.readIdentity());
            b.write(List.of(epoch(2, 0, 3, row("count", "k", 3, "again3"))));
            assertThat(live(b, "count", 10, RouteFilter.ALL)).containsEntry("k", "again3");
            assertThat(b.executions()).extracting(ExecutionRecord::execution, ExecutionRecord::finalFrontier)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 3L), org.assertj.core.groups.Tuple.tuple(2L, null));
            assertThat(b.readIdentity().dataflow()).isEqualTo("job");
        }
    }

    @Test
    void garbageCollectionKeepsWhatAResumeNeeds() {
        try (RecoveryBackend b = startedStore(1)) {
            for (long e = 1; e <= 60; e++) {
                List<StoredRow> rows = new ArrayList<>();
                rows.add(row("count", "k" + (e % 7), e, "v" + e));
                if (e % 10 == 0) {
                    rows.add(row("count", "k" + (e % 7 + 1) % 7, e, null));
                }
                b.write(List.of(new EpochWrite(e, rows, new WorkerFrontier(1, 0, e + 1, false, 1))));
            }
            Map<Long, Map<String, String>> before = new HashMap<>();
            for (long at : new long[]{40, 45, 61}) {
                before.put(at, live(b, "count", at, RouteFilter.ALL));
            }
            b.deleteSuperseded(0, 40, 1);
            b.deleteSuperseded(40, 40, 1);
            for (long at : new long[]{40, 45, 61}) {
                assertThat(live(b, "count", at, RouteFilter.ALL)).as("before %d", at).isEqualTo(before.get(at));
            }
        }
    }

    @Test
    void oneRunLockHolderAtATime_releasedOnClose() {
        StoreLocation loc = newLocation();
        provider().init(loc, 1, identity());
        LockHolder first = new LockHolder("host-a", 11, Instant.parse("2026-01-01T00:00:00Z"));
        try (RecoveryBackend a = provider().open(loc, false); RecoveryBackend b = provider().open(loc, false)) {
            assertThat(a.tryAcquireRunLock(first)).isNull();
            assertThat(a.tryAcquireRunLock(first)).isNull();
            LockHolder holder = b.tryAcquireRunLock(LockHolder.current());
            assertThat(holder).isNotNull();
            assertThat(holder.host()).isEqualTo("host-a");
            assertThat(holder.pid()).isEqualTo(11);
            a.close();
            assertThat(b.tryAcquireRunLock(LockHolder.current())).isNull();
        }
    }

    @Test
    void startingAnExecutionTwiceFromTwoRunsHasOneWinner() {
        try (RecoveryBackend b = startedStore(1)) {
            StoreIdentity id = b.readIdentity();
            ExecutionRecord prev = new ExecutionRecord(1, 1, 1, "t0", 1L);
            b.startExecution(prev, new ExecutionRecord(2, 1, 1, "t1", null), frontiers(2, 1, 1), id);
            assertThatThrownBy(() -> b.startExecution(prev, new ExecutionRecord(2, 3, 1, "t2", null),
                    frontiers(2, 3, 1), id)).isInstanceOf(RecoveryBackendException.class);
        }
    }
}
