package dev.flowstate.recovery.spi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * An executable summary of the {@link RecoveryBackend} contract, for backend authors: {@link #check} runs a
 * backend through every SPI method on fresh store locations and throws an {@link AssertionError} naming the first
 * broken rule. Call it from a test of the backend (the SQLite backend's own test does). It checks behaviour a
 * single process can observe; crash atomicity still needs the backend's own kill tests.
 */
public final class BackendConformance {
    private BackendConformance() {
    }

    /**
     * @param provider the backend under test
     * @param fresh    gives a new, never used location on each call
     */
    public static void check(RecoveryBackendProvider provider, Supplier<StoreLocation> fresh) {
        notInitialized(provider, fresh.get());
        StoreLocation loc = fresh.get();
        StoreIdentity id = new StoreIdentity(2, UUID.randomUUID().toString(), Instant.now().toString(), 2, null, Map.of());
        provider.init(loc, 2, id);
        expectKind(RecoveryBackendException.Kind.ALREADY_INITIALIZED, () -> provider.init(loc, 2, id),
                "init over a complete store");
        try (RecoveryBackend b = provider.open(loc, false)) {
            StoreIdentity read = b.readIdentity();
            require(read.storeId().equals(id.storeId()) && read.formatVersion() == 2 && read.dataflow() == null
                    && read.steps().isEmpty(), "readIdentity returns what init wrote, got " + read);
            require(b.executions().isEmpty(), "a fresh store has no executions");
            lock(provider, loc, b);
            executionsAndRows(b, id);
        }
        try (RecoveryBackend ro = provider.open(loc, true)) {
            require(ro.readIdentity().dataflow().equals("df"), "the identity survives reopening");
            require(ro.executions().size() == 2, "executions survive reopening");
        }
    }

    private static void notInitialized(RecoveryBackendProvider provider, StoreLocation loc) {
        expectKind(RecoveryBackendException.Kind.NOT_INITIALIZED, () -> provider.open(loc, false).readIdentity(),
                "open of a location never initialized");
    }

    private static void lock(RecoveryBackendProvider provider, StoreLocation loc, RecoveryBackend b) {
        LockHolder me = new LockHolder("host-a", 11, Instant.parse("2026-01-01T00:00:00Z"));
        require(b.tryAcquireRunLock(me) == null, "the first tryAcquireRunLock gets the lock");
        require(b.tryAcquireRunLock(me) == null, "tryAcquireRunLock again from the holder returns null");
        try (RecoveryBackend other = provider.open(loc, false)) {
            LockHolder holder = other.tryAcquireRunLock(new LockHolder("host-b", 22, Instant.now()));
            require(holder != null && holder.host().equals("host-a") && holder.pid() == 11,
                    "a second instance is refused and told the holder, got " + holder);
            b.releaseRunLock();
            require(other.tryAcquireRunLock(new LockHolder("host-b", 22, Instant.now())) == null,
                    "after release another instance gets the lock");
            other.releaseRunLock();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static StoredRow row(String key, long epoch, String state) {
        int hash = Math.abs(key.hashCode() % 1000);
        return new StoredRow("count", bytes(key), epoch, hash, state == null ? null : bytes(state), 7);
    }

    private static WorkerFrontier frontier(long execution, int worker, long frontier, boolean finished) {
        return new WorkerFrontier(execution, worker, frontier, finished, (int) (frontier * 31 + worker));
    }

    private static Map<String, String> newest(RecoveryBackend b, long before, RouteFilter filter) {
        Map<String, String> out = new HashMap<>();
        b.readNewestRows("count", before, filter, r -> {
            require(r.epoch() < before, "readNewestRows returned a row at epoch " + r.epoch() + " >= " + before);
            require(r.checksum() == 7, "row checksums are returned verbatim");
            if (filter.matches(r.routeHash())) {
                String prev = out.put(new String(r.key(), StandardCharsets.UTF_8),
                        r.state() == null ? null : new String(r.state(), StandardCharsets.UTF_8));
                require(prev == null, "one row per key from readNewestRows");
            }
        });
        out.values().removeIf(v -> v == null);
        return out;
    }

    private static void executionsAndRows(RecoveryBackend b, StoreIdentity id) {
        ExecutionRecord e1 = new ExecutionRecord(1, 2, 1, Instant.now().toString(), null);
        StoreIdentity owned = id.withOwner("df", Map.of("count", "state"));
        b.startExecution(null, e1, List.of(frontier(1, 0, 1, false), frontier(1, 1, 1, false)), owned);
        require(b.executions().equals(List.of(e1)), "startExecution records the execution, got " + b.executions());
        require(b.readIdentity().dataflow().equals("df") && b.readIdentity().steps().equals(Map.of("count", "state")),
                "startExecution replaces the identity");
        b.write(List.of(new EpochWrite(1, List.of(row("a", 1, "a1"), row("b", 1, "b1")), frontier(1, 0, 2, false)),
                new EpochWrite(1, List.of(row("c", 1, "c1")), frontier(1, 1, 2, false))));
        b.write(List.of(new EpochWrite(2, List.of(row("a", 2, "a2"), row("b", 2, null)), frontier(1, 0, 3, false))));
        b.write(List.of(new EpochWrite(1, List.of(), frontier(1, 1, 1, false)))); // lower: ignored
        Map<Integer, WorkerFrontier> fs = new HashMap<>();
        b.frontiers(1).forEach(f -> fs.put(f.worker(), f));
        require(fs.size() == 2 && fs.get(0).frontier() == 3 && fs.get(1).frontier() == 2
                && fs.get(0).checksum() == frontier(1, 0, 3, false).checksum(),
                "frontiers are replaced whole when not lower, got " + fs.values());
        require(newest(b, 3, RouteFilter.ALL).equals(Map.of("a", "a2", "c", "c1")),
                "newest rows before 3 (b tombstoned), got " + newest(b, 3, RouteFilter.ALL));
        require(newest(b, 2, RouteFilter.ALL).equals(Map.of("a", "a1", "b", "b1", "c", "c1")),
                "newest rows before 2, got " + newest(b, 2, RouteFilter.ALL));
        Map<String, String> shares = new HashMap<>();
        for (int w = 0; w < 3; w++) {
            shares.putAll(newest(b, 3, new RouteFilter(3, w)));
        }
        require(shares.equals(Map.of("a", "a2", "c", "c1")), "the route filter's shares add up to all keys");
        StoredRow one = b.readNewestRow("count", bytes("b"), 3);
        require(one != null && one.state() == null && one.epoch() == 2, "readNewestRow returns tombstones");
        require(b.readNewestRow("count", bytes("zz"), 3) == null, "readNewestRow of an unknown key is null");
        require(Arrays.equals(b.readNewestRow("count", bytes("a"), 2).state(), bytes("a1")),
                "readNewestRow respects beforeEpoch");
        require(b.liveKeyCounts(3).getOrDefault("count", 0L) == 2, "liveKeyCounts skips tombstoned keys, got "
                + b.liveKeyCounts(3));
        b.deleteSuperseded(0, 3, 1);
        require(newest(b, 3, RouteFilter.ALL).equals(Map.of("a", "a2", "c", "c1")),
                "deleteSuperseded keeps the newest live rows");
        // a crashed execution: rows at and above the resume epoch are discarded before the next starts
        b.write(List.of(new EpochWrite(3, List.of(row("c", 3, "c3")), frontier(1, 1, 4, false))));
        b.discardFrom(3);
        require(newest(b, 10, RouteFilter.ALL).equals(Map.of("a", "a2", "c", "c1")), "discardFrom hides rows >= 3");
        ExecutionRecord e1done = new ExecutionRecord(1, 2, 1, e1.startedAt(), 3L);
        ExecutionRecord e2 = new ExecutionRecord(2, 1, 3, Instant.now().toString(), null);
        b.startExecution(e1done, e2, List.of(frontier(2, 0, 3, false)), owned);
        require(b.executions().equals(List.of(e1done, e2)), "the previous execution gets its final frontier");
        b.write(List.of(new EpochWrite(3, List.of(row("c", 3, "c3b")), frontier(2, 0, 4, true))));
        require(newest(b, 4, RouteFilter.ALL).equals(Map.of("a", "a2", "c", "c3b")),
                "rows written after discardFrom are visible");
        require(b.frontiers(2).size() == 1 && b.frontiers(2).get(0).finished(), "the finished flag is stored");
        List<String> kinds = new ArrayList<>();
        try {
            b.write(List.of(new EpochWrite(4, List.of(), frontier(9, 0, 5, false))));
        } catch (RecoveryBackendException e) {
            kinds.add(e.kind().name());
        }
        require(kinds.equals(List.of("DAMAGED")), "a frontier of an unknown execution is DAMAGED, got " + kinds);
    }

    private static void expectKind(RecoveryBackendException.Kind kind, Runnable action, String what) {
        try {
            action.run();
        } catch (RecoveryBackendException e) {
            require(e.kind() == kind, what + ": expected " + kind + ", got " + e.kind() + " (" + e.getMessage() + ")");
            return;
        }
        throw new AssertionError(what + ": expected RecoveryBackendException " + kind + ", nothing was thrown");
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw new AssertionError("recovery backend contract broken: " + rule);
        }
    }
}
