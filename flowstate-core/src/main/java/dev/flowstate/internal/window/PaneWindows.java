package dev.flowstate.internal.window;

import dev.flowstate.Emitter;
import dev.flowstate.WindowLogic;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tumbling and sliding windows of a mergeable aggregate, kept as panes (slices of {@code gcd(length, offset)}): an
 * item updates one pane, and a window's result is its panes merged when it closes, so a sliding window with
 * {@code length / offset = k} costs one update per item, not k. {@code nextWindow} is the first window not yet
 * emitted; a pane is dropped once every window holding it was emitted.
 */
final class PaneWindows implements KeyWindows {
    private final WindowShape shape;
    private final WindowLogic.Builder<Object, Object, Object> builder;
    private final TreeMap<Long, WindowLogic<Object, Object, Object>> panes = new TreeMap<>();
    private long nextWindow = Long.MIN_VALUE;

    PaneWindows(WindowShape shape, WindowLogic.Builder<Object, Object, Object> builder, Saved saved) {
        this.shape = shape;
        this.builder = builder;
        if (saved != null) {
            nextWindow = saved.cursor();
            for (int i = 0; i < saved.ids().length; i++) {
                panes.put(saved.ids()[i], builder.build(saved.states()[i]));
            }
        }
    }

    @Override
    public void add(Object value, long ts, Emitter<Object> out) {
        long p = shape.paneOf(ts);
        WindowLogic<Object, Object, Object> logic = panes.get(p);
        if (logic == null) {
            logic = builder.build(null);
            panes.put(p, logic);
        }
        logic.onValue(value, Instant.ofEpochMilli(ts), KeyWindows.under(p, out));
    }

    private long firstOpenWindow() {
        return Math.max(nextWindow, shape.firstWindowOfPane(panes.firstKey()));
    }

    @Override
    public long nextClose() {
        return panes.isEmpty() ? Long.MAX_VALUE : WindowShape.plus(shape.end(firstOpenWindow()), shape.lateness);
    }

    @Override
    public void closeUpTo(long watermark, Emitter<Object> out) {
        while (!panes.isEmpty()) {
            long w = firstOpenWindow();
            if (WindowShape.plus(shape.end(w), shape.lateness) > watermark) {
                return;
            }
            WindowLogic<Object, Object, Object> result = builder.build(null);
            for (Map.Entry<Long, WindowLogic<Object, Object, Object>> e
                    : panes.subMap(shape.firstPane(w), shape.endPane(w)).entrySet()) {
                result.onMerge(e.getValue().snapshot());
            }
            KeyWindows.emitClosed(w, shape.start(w), shape.end(w), result, out);
            nextWindow = w + 1;
            // Panes before the first pane of the next window belong to no window left to emit.
            panes.headMap(shape.firstPane(nextWindow)).clear();
        }
    }

    @Override
    public boolean isEmpty() {
        return panes.isEmpty();
    }

    @Override
    public Saved save() {
        long[] ids = new long[panes.size()];
        Object[] states = new Object[panes.size()];
        int i = 0;
        for (Map.Entry<Long, WindowLogic<Object, Object, Object>> e : panes.entrySet()) {
            ids[i] = e.getKey();
            states[i++] = e.getValue().snapshot();
        }
        return new Saved(nextWindow, ids, null, states);
    }
}
