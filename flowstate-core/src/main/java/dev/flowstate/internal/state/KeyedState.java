package dev.flowstate.internal.state;

import dev.flowstate.Serde;
import dev.flowstate.StatefulLogic;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.internal.serde.KeyCodec;
import dev.flowstate.internal.serde.KryoSerde;
import dev.flowstate.internal.serde.StableHash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The per-key state of one stateful step on one worker: a logic instance per key, which keys changed in the
 * current epoch (to snapshot only those), and the pending timers: processing-time timers by {@link Instant},
 * event-time timers by epoch millis, each key with at most one of each. Single-threaded.
 *
 * <p>Touched keys are tracked with an epoch stamp in the entry, so a key costs one list append per epoch however
 * many items it gets. A key whose logic was discarded is snapshotted as a tombstone.
 */
public final class KeyedState {
    private record Timer(Instant at, Object key) {
    }

    private static final byte EOF_DONE = 1;
    private final String stepId;
    private final boolean trackTouched;
    private final Serde<Object> stateSerde;
    private final KeyTable<StateEntry<Object, Object, Object>> entries = new KeyTable<>();
    private final ArrayList<StateEntry<?, ?, ?>> touched = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at.compareTo(b.at));
    private record EventTimer(long at, Object key) {
    }

    private final PriorityQueue<EventTimer> eventTimers = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));

    public KeyedState(String stepId, boolean trackTouched, Serde<Object> stateSerde) {
        this.stepId = stepId;
        this.trackTouched = trackTouched;
        this.stateSerde = stateSerde == null ? KryoSerde.INSTANCE : stateSerde;
    }

    public StateEntry<Object, Object, Object> get(Object key) {
        return entries.get(key);
    }

    /** Stores {@code logic} as the key's state; a logic that is not a {@link StateEntry} is wrapped. */
    public StateEntry<Object, Object, Object> create(Object key, StatefulLogic<Object, Object, Object> logic) {
        if (logic == null) {
            throw new NullPointerException("the logic builder returned null");
        }
        KeyCodec.requireValueEquality(key);
        StateEntry<Object, Object, Object> e = logic instanceof StateEntry<Object, Object, Object> se && se.key == null
                ? se : new UserLogicEntry<>(logic);
        e.key = key;
        entries.put(key, e);
        return e;
    }

    /** Records that {@code entry}'s state changed in {@code epoch}. */
    public void touch(StateEntry<?, ?, ?> entry, long epoch) {
        if (trackTouched && entry.touchedEpoch != epoch) {
            entry.touchedEpoch = epoch;
            touched.add(entry);
        }
    }

    /** Drops a key's state (a tombstone at the next snapshot if tracked). */
    public void discard(StateEntry<?, ?, ?> entry) {
        entries.remove(entry.key);
        entry.notifyAt = null;
        entry.eventNotifyAt = Long.MIN_VALUE;
        entry.discarded = true;
    }

    /** Re-reads the entry's notify times (processing and event time) and schedules them if they changed. */
    public void updateTimer(StateEntry<?, ?, ?> entry) {
        Instant event = entry.notifyAtEventTime();
        long eventAt = event == null ? Long.MIN_VALUE : event.toEpochMilli();
        if (eventAt != entry.eventNotifyAt) {
            entry.eventNotifyAt = eventAt;
            if (event != null) {
                eventTimers.add(new EventTimer(eventAt, entry.key));
            }
        }
        Instant at = entry.notifyAt();
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
            StateEntry<?, ?, ?> e = entries.get(t.key);
            if (e != null && t.at.equals(e.notifyAt)) {
                return t.at;
            }
            timers.poll();
        }
        return null;
    }

    /** Removes and returns the entry of a timer due at {@code now}, or null if none is due. */
    public StateEntry<Object, Object, Object> pollDue(Instant now) {
        Instant next = nextTimer();
        if (next == null || next.isAfter(now)) {
            return null;
        }
        Timer t = timers.poll();
        StateEntry<Object, Object, Object> e = entries.get(t.key);
        e.notifyAt = null;
        return e;
    }

    /**
     * Removes and returns the entry of an event-time timer due at watermark {@code watermark}, or null; the entry's
     * {@link StateEntry#eventNotifyAt} still tells the time it was set for until the next {@link #updateTimer}.
     */
    public StateEntry<Object, Object, Object> pollDueEvent(long watermark) {
        while (!eventTimers.isEmpty()) {
            EventTimer t = eventTimers.peek();
            StateEntry<Object, Object, Object> e = entries.get(t.key);
            if (e == null || e.eventNotifyAt != t.at) {
                eventTimers.poll(); // stale: rescheduled or discarded
                continue;
            }
            if (t.at > watermark) {
                return null;
            }
            eventTimers.poll();
            return e;
        }
        return null;
    }

    /**
     * Clears the entry's event-time timer and returns the time it was set for: for an entry returned by
     * {@link #pollDueEvent} before it fires, and for one that asked again for a time already passed, which must
     * wait for the next watermark (a later {@link #updateTimer} schedules it again).
     */
    public static long takeEventTime(StateEntry<?, ?, ?> entry) {
        long at = entry.eventNotifyAt;
        entry.eventNotifyAt = Long.MIN_VALUE;
        return at;
    }

    /** The entry's scheduled event time in epoch millis, or MIN_VALUE. */
    public static long eventTimeOf(StateEntry<?, ?, ?> entry) {
        return entry.eventNotifyAt;
    }

    /** Every live entry, as a copy safe against discards during iteration. */
    public List<StateEntry<Object, Object, Object>> entries() {
        return entries.values();
    }

    public int size() {
        return entries.size();
    }

    /** Snapshot rows for the keys touched since the last call: the state, or a tombstone for a discarded key. */
    public void drainSnapshot(List<SnapshotRow> out) {
        for (StateEntry<?, ?, ?> touchedEntry : touched) {
            Object key = touchedEntry.key;
            if (touchedEntry.keyBytes == null) {
                touchedEntry.keyBytes = KeyCodec.encode(key);
                touchedEntry.routeHash = StableHash.positive(StableHash.of(key));
            }
            byte[] keyBytes = touchedEntry.keyBytes;
            int routeHash = touchedEntry.routeHash;
            // A touched entry is the key's live entry unless it was discarded; only then can a newer one exist.
            StateEntry<?, ?, ?> e = touchedEntry.discarded ? entries.get(key) : touchedEntry;
            byte[] state = null;
            if (e != null) {
                e.touchedEpoch = Long.MIN_VALUE;
                Object snapshot = e.snapshot();
                state = snapshot == null ? null : withFlags(e.eofDone, stateSerde.toBytes(snapshot));
            }
            out.add(new SnapshotRow(stepId, keyBytes, routeHash, state));
        }
        touched.clear();
    }

    /**
     * Rebuilds a key from saved bytes. A key whose end of input was committed gets no timers back: after its
     * {@code onEof} nothing may fire for it until a new item arrives (a run over a grown input).
     */
    public void restore(byte[] keyBytes, byte[] stateBytes, StatefulLogic.Builder<Object, Object, Object> builder) {
        Object key = KeyCodec.decode(keyBytes);
        Object state = stateSerde.fromBytes(Arrays.copyOfRange(stateBytes, 1, stateBytes.length));
        StateEntry<Object, Object, Object> entry = create(key, builder.build(state));
        entry.keyBytes = keyBytes;
        entry.routeHash = StableHash.positive(StableHash.of(key));
        entry.eofDone = (stateBytes[0] & EOF_DONE) != 0;
        if (!entry.eofDone) {
            updateTimer(entry);
        }
    }

    /** A saved state is one flag byte (bit {@link #EOF_DONE}) followed by the serialized state. */
    private static byte[] withFlags(boolean eofDone, byte[] state) {
        byte[] row = new byte[state.length + 1];
        row[0] = eofDone ? EOF_DONE : 0;
        System.arraycopy(state, 0, row, 1, state.length);
        return row;
    }
}
