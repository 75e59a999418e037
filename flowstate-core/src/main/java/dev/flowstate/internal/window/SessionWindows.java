package dev.flowstate.internal.window;

import dev.flowstate.Emitter;
import dev.flowstate.WindowLogic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Session windows of one key, by start time. A session is {@code [first item, last item + gap)}; an item falling
 * into (or bridging) sessions merges them into the earliest one, so the sessions of a key depend only on its
 * items, not on their order. A session's id is its start relative to the alignment.
 */
final class SessionWindows implements KeyWindows {
    private static final class Session {
        long start;
        long end;
        final WindowLogic<Object, Object, Object> logic;

        Session(long start, long end, WindowLogic<Object, Object, Object> logic) {
            this.start = start;
            this.end = end;
            this.logic = logic;
        }
    }

    private final WindowShape shape;
    private final WindowLogic.Builder<Object, Object, Object> builder;
    private final TreeMap<Long, Session> sessions = new TreeMap<>();

    SessionWindows(WindowShape shape, WindowLogic.Builder<Object, Object, Object> builder, Saved saved) {
        this.shape = shape;
        this.builder = builder;
        if (saved != null) {
            for (int i = 0; i < saved.ids().length; i++) {
                long start = saved.ids()[i];
                sessions.put(start, new Session(start, saved.ends()[i], builder.build(saved.states()[i])));
            }
        }
    }

    @Override
    public void add(Object value, long ts, Emitter<Object> out) {
        long gap = shape.length;
        long end = WindowShape.plus(ts, gap);
        // Sessions are disjoint, so ends grow with starts: walk down from the last one starting before ts + gap.
        List<Session> touched = new ArrayList<>(2);
        for (Map.Entry<Long, Session> e = sessions.lowerEntry(end); e != null && e.getValue().end > ts;
             e = sessions.lowerEntry(e.getKey())) {
            touched.add(e.getValue());
        }
        Session target;
        if (touched.isEmpty()) {
            target = new Session(ts, end, builder.build(null));
        } else {
            target = touched.get(touched.size() - 1); // the earliest
            for (Session s : touched) {
                sessions.remove(s.start);
                if (s != target) {
                    target.logic.onMerge(s.logic.snapshot());
                    target.end = Math.max(target.end, s.end);
                }
            }
            target.start = Math.min(target.start, ts);
            target.end = Math.max(target.end, end);
        }
        sessions.put(target.start, target);
        target.logic.onValue(value, Instant.ofEpochMilli(ts), KeyWindows.under(target.start - shape.align, out));
    }

    @Override
    public long nextClose() {
        return sessions.isEmpty() ? Long.MAX_VALUE : WindowShape.plus(sessions.firstEntry().getValue().end, shape.lateness);
    }

    @Override
    public void closeUpTo(long watermark, Emitter<Object> out) {
        while (!sessions.isEmpty() && WindowShape.plus(sessions.firstEntry().getValue().end, shape.lateness) <= watermark) {
            Session s = sessions.pollFirstEntry().getValue();
            KeyWindows.emitClosed(s.start - shape.align, s.start, s.end, s.logic, out);
        }
    }

    @Override
    public boolean isEmpty() {
        return sessions.isEmpty();
    }

    @Override
    public Saved save() {
        int n = sessions.size();
        long[] ids = new long[n];
        long[] ends = new long[n];
        Object[] states = new Object[n];
        int i = 0;
        for (Session s : sessions.values()) {
            ids[i] = s.start;
            ends[i] = s.end;
            states[i++] = s.logic.snapshot();
        }
        return new Saved(0, ids, ends, states);
    }
}
