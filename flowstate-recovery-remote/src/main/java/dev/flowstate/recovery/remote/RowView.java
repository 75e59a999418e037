package dev.flowstate.recovery.remote;

import dev.flowstate.recovery.spi.StoredRow;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The newest row per (step, key) of a set of segments, merged in (epoch, execution) order: what a store holds
 * before one epoch. Built once per resume and shared by the workers of the process.
 */
public final class RowView {
    /** A key with array equality. */
    public record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    private final long before;
    private final Map<String, Map<Key, StoredRow>> steps = new HashMap<>();

    public RowView(long before) {
        this.before = before;
    }

    public long before() {
        return before;
    }

    /** Adds rows of a later segment: a row replaces an older one of its key (the caller passes segments in order). */
    public void add(Iterable<StoredRow> rows) {
        for (StoredRow r : rows) {
            if (r.epoch() < before) {
                steps.computeIfAbsent(r.stepId(), s -> new HashMap<>()).merge(new Key(r.key()), r,
                        (old, neu) -> neu.epoch() >= old.epoch() ? neu : old);
            }
        }
    }

    public Map<Key, StoredRow> step(String stepId) {
        return steps.getOrDefault(stepId, Map.of());
    }

    public Map<String, Map<Key, StoredRow>> steps() {
        return steps;
    }
}
