package dev.flowstate.internal.state;

import dev.flowstate.Serde;
import dev.flowstate.StatefulLogic;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.internal.serde.KryoSerde;
import dev.flowstate.internal.serde.StableHash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The per-key state of one stateful step on one worker: a logic instance per key, which keys changed in the
 * current epoch (to snapshot only those), and the pending timers. Single-threaded.
 *
 * <p>Touched keys are tracked with an epoch stamp in the entry, so a key costs one list append per epoch however
 * many items it gets. A key whose logic was discarded is snapshotted as a tombstone.
 */
public final class KeyedState {

    /** One key's logic and bookkeeping. */
    public static final class Entry {
        final Object key;
        StatefulLogic<Object, Object, Object> logic;
        long touchedEpoch = Long.MIN_VALUE;
        Instant notifyAt;

        Entry(Object key, StatefulLogic<Object, Object, Object> logic) {
            this.key = key;
            this.logic = logic;
        }

        public StatefulLogic<Object, Object, Object> logic() {
            return logic;
        }

        public Object key() {
            return key;
        }
    }

    private record Timer(Instant at, Object key) {
    }

    private final String stepId;
    private final boolean trackTouched;
    private final Serde<Object> stateSerde;
    private final HashMap<Object, Entry> entries = new HashMap<>();
    private final ArrayList<Object> touched = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at.compareTo(b.at));

    public KeyedState(String stepId, boolean trackTouched, Serde<Object> stateSerde) {
        this.stepId = stepId;
        this.trackTouched = trackTouched;
        this.stateSerde = stateSerde == null ? KryoSerde.INSTANCE : stateSerde;
    }

    public Entry get(Object key) {
        return entries.get(key);
    }

    public Entry create(Object key, StatefulLogic<Object, Object, Object> logic) {
        Entry e = new Entry(key, logic);
        entries.put(key, e);
        return e;
    }

    /** Records that {@code entry}'s state changed in {@code epoch}. */
    public void touch(Entry entry, long epoch) {
        if (trackTouched && entry.touchedEpoch != epoch) {
            entry.touchedEpoch = epoch;
            touched.add(entry.key);
        }
    }

    /** Drops a key's state (a tombstone at the next snapshot if tracked). */
    public void discard(Entry entry) {
        entries.remove(entry.key);
        entry.notifyAt = null;
    }

    /** Re-reads the entry's notify time and schedules it if it changed. */
    public void updateTimer(Entry entry) {
        Instant at = entry.logic.notifyAt();
        if (at == null ? entry.notifyAt != null : !at.equals(entry.notifyAt)) {
            entry.notifyAt = at;
            if (at != null) {
                timers.add(new Timer(at, entry.key));
            }
        }
    }

    /** The earliest pending timer, or null. Stale timers (rescheduled or discarded keys) are skipped. */
    public Instant nextTimer() {
        while (!timers.isEmpty()) {
            Timer t = timers.peek();
            Entry e = entries.get(t.key);
            if (e != null && t.at.equals(e.notifyAt)) {
                return t.at;
            }
            timers.poll();
        }
        return null;
    }

    /** Removes and returns the entry of a timer due at {@code now}, or null if none is due. */
    public Entry pollDue(Instant now) {
        Instant next = nextTimer();
        if (next == null || next.isAfter(now)) {
            return null;
        }
        Timer t = timers.poll();
        Entry e = entries.get(t.key);
        e.notifyAt = null;
        return e;
    }

    /** Every live entry, as a copy safe against discards during iteration. */
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public int size() {
        return entries.size();
    }

    /** Snapshot rows for the keys touched since the last call: the state, or a tombstone for a discarded key. */
    public void drainSnapshot(List<SnapshotRow> out) {
        for (Object key : touched) {
            Entry e = entries.get(key);
            byte[] keyBytes = KryoSerde.INSTANCE.toBytes(key);
            int routeHash = StableHash.positive(StableHash.of(key, KryoSerde.INSTANCE));
            byte[] state = null;
            if (e != null) {
                e.touchedEpoch = Long.MIN_VALUE;
                Object snapshot = e.logic.snapshot();
                state = snapshot == null ? null : stateSerde.toBytes(snapshot);
            }
            out.add(new SnapshotRow(stepId, keyBytes, routeHash, state));
        }
        touched.clear();
    }

    /** Rebuilds a key from saved bytes. */
    public Entry restore(byte[] keyBytes, byte[] stateBytes, StatefulLogic.Builder<Object, Object, Object> builder) {
        Object key = KryoSerde.INSTANCE.fromBytes(keyBytes);
        Object state = stateSerde.fromBytes(stateBytes);
        Entry e = create(key, builder.build(state));
        updateTimer(e);
        return e;
    }
}
