package dev.flowstate.internal.window;

import dev.flowstate.Emitter;
import dev.flowstate.WindowLogic;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tumbling and sliding windows with one logic instance per window (the general {@code window} operator and window
 * joins, whose logics may emit while a window is open): an item is given to every window holding it.
 */
final class EachWindow implements KeyWindows {
    private final WindowShape shape;
    private final WindowLogic.Builder<Object, Object, Object> builder;
    private final TreeMap<Long, WindowLogic<Object, Object, Object>> windows = new TreeMap<>();

    EachWindow(WindowShape shape, WindowLogic.Builder<Object, Object, Object> builder, Saved saved) {
        this.shape = shape;
        this.builder = builder;
        if (saved != null) {
            for (int i = 0; i < saved.ids().length; i++) {
                windows.put(saved.ids()[i], builder.build(saved.states()[i]));
            }
        }
    }

    @Override
    public void add(Object value, long ts, Emitter<Object> out) {
        Instant at = Instant.ofEpochMilli(ts);
        for (long w = shape.firstWindow(ts), last = shape.lastWindow(ts); w <= last; w++) {
            WindowLogic<Object, Object, Object> logic = windows.get(w);
            if (logic == null) {
                logic = builder.build(null);
                windows.put(w, logic);
            }
            logic.onValue(value, at, KeyWindows.under(w, out));
        }
    }

    @Override
    public long nextClose() {
        return windows.isEmpty() ? Long.MAX_VALUE : WindowShape.plus(shape.end(windows.firstKey()), shape.lateness);
    }

    @Override
    public void closeUpTo(long watermark, Emitter<Object> out) {
        while (!windows.isEmpty() && WindowShape.plus(shape.end(windows.firstKey()), shape.lateness) <= watermark) {
            Map.Entry<Long, WindowLogic<Object, Object, Object>> e = windows.pollFirstEntry();
            long w = e.getKey();
            KeyWindows.emitClosed(w, shape.start(w), shape.end(w), e.getValue(), out);
        }
    }

    @Override
    public boolean isEmpty() {
        return windows.isEmpty();
    }

    @Override
    public Saved save() {
        long[] ids = new long[windows.size()];
        Object[] states = new Object[windows.size()];
        int i = 0;
        for (Map.Entry<Long, WindowLogic<Object, Object, Object>> e : windows.entrySet()) {
            ids[i] = e.getKey();
            states[i++] = e.getValue().snapshot();
        }
        return new Saved(0, ids, null, states);
    }
}
