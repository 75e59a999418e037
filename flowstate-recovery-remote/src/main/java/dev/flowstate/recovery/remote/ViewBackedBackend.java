package dev.flowstate.recovery.remote;

import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RouteFilter;
import dev.flowstate.recovery.spi.RowConsumer;
import dev.flowstate.recovery.spi.StoredRow;

import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.TreeMap;

/**
 * A remote backend whose row reads are answered from one {@link RowView} per {@code beforeEpoch}: the view is
 * built once (by {@link #buildView}), kept softly (the collector may drop it under memory pressure) and shared by
 * all workers of the process until a write calls {@link #invalidate}. Building holds this backend's monitor, so
 * it never overlaps the subclass's {@code synchronized} methods.
 */
public abstract class ViewBackedBackend implements RecoveryBackend {
    private volatile SoftReference<RowView> cachedView = new SoftReference<>(null);

    /** Reads the store: the newest counting row per (step, key) below {@code before}. */
    protected abstract RowView buildView(long before);

    @Override
    public void readNewestRows(String stepId, long beforeEpoch, RouteFilter filter, RowConsumer consumer) {
        for (StoredRow r : view(beforeEpoch).step(stepId).values()) {
            if (filter.matches(r.routeHash())) {
                consumer.accept(r);
            }
        }
    }

    @Override
    public StoredRow readNewestRow(String stepId, byte[] key, long beforeEpoch) {
        return view(beforeEpoch).step(stepId).get(new RowView.Key(key));
    }

    @Override
    public Map<String, Long> liveKeyCounts(long beforeEpoch) {
        Map<String, Long> counts = new TreeMap<>();
        view(beforeEpoch).steps().forEach((step, rows) -> {
            long live = rows.values().stream().filter(r -> !r.isTombstone()).count();
            if (live > 0) {
                counts.put(step, live);
            }
        });
        return counts;
    }

    /** Drops the cached view; call before changing what the store holds. */
    protected final void invalidate() {
        cachedView = new SoftReference<>(null);
    }

    private RowView view(long before) {
        RowView v = cachedView.get();
        if (v != null && v.before() == before) {
            return v;
        }
        synchronized (this) {
            v = cachedView.get();
            if (v == null || v.before() != before) {
                v = buildView(before);
                cachedView = new SoftReference<>(v);
            }
            return v;
        }
    }
}
