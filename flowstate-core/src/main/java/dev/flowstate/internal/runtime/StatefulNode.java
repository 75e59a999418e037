package dev.flowstate.internal.runtime;

import dev.flowstate.Emitter;
import dev.flowstate.KeyValue;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.TimeDomain;
import dev.flowstate.internal.plan.TimeSpec;
import dev.flowstate.internal.time.Stamped;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.internal.state.KeyedState;
import dev.flowstate.internal.state.StateEntry;

import java.time.Instant;
import java.util.List;

/**
 * Runs the general stateful operator on one worker: one {@link StatefulLogic} per key, built on the first item of
 * the key (or from its saved state), called for items, due timers and EOF; what it emits goes downstream as
 * {@code KeyValue(key, value)}. At each barrier the keys touched in the epoch are snapshotted (when recovery is on).
 *
 * <p>Watermarks: the node keeps the watermark of its input; when it grows, event-time timers due at it fire (a
 * logic re-arming at a time already passed waits for the next watermark), and it is forwarded downstream. At end
 * of input every event-time timer fires before {@code onEof}. On a timed step an item stamped on time whose
 * window this node already closed (possible only after an idle input woke up) is turned into a late item.
 */
final class StatefulNode implements Node, Emitter<Object> {
    private final String stepId;
    private final StatefulLogic.Builder<Object, Object, Object> builder;
    private final KeyedState state;
    private final Node downstream;
    private final WorkerInfo worker;
    private final List<SnapshotRow> snapshotOut;
    private static final int BATCH = 64;
    private final Object[] keys = new Object[BATCH];
    private final Object[] values = new Object[BATCH];
    @SuppressWarnings("unchecked")
    private final StateEntry<Object, Object, Object>[] found = new StateEntry[BATCH];
    private int size;
    private Object currentKey;
    private boolean eofSeen;
    private final TimeSpec time;
    private long watermark = Long.MIN_VALUE;

    StatefulNode(String stepId, StatefulLogic.Builder<Object, Object, Object> builder, KeyedState state, Node downstream,
                 WorkerInfo worker, List<SnapshotRow> snapshotOut, TimeSpec time) {
        this.time = time;
        this.stepId = stepId;
        this.builder = builder;
        this.state = state;
        this.downstream = downstream;
        this.worker = worker;
        this.snapshotOut = snapshotOut;
    }

    String stepId() {
        return stepId;
    }

    KeyedState state() {
        return state;
    }

    /**
     * Items are buffered and processed a batch at a time: first every key is looked up, then the logic runs for
     * each item in arrival order. The lookups of a batch are independent of each other, so the CPU overlaps their
     * cache misses; with many keys that is most of the cost of a stateful step. Order per key and order of output
     * are those of arrival.
     */
    @Override
    public void push(Object item) {
        KeyValue<?, ?> kv = (KeyValue<?, ?>) item;
        keys[size] = kv.key();
        Object value = kv.value();
        if (time != null && time.lateBound() != null && value instanceof Stamped s && !s.late()
                && time.closeTime(s.timestamp()) <= watermark) {
            value = new Stamped(s.value(), s.timestamp(), true);
        }
        values[size] = value;
        if (++size == BATCH) {
            flush();
        }
    }

    /** Processes the buffered items. The worker calls this at the end of each round, before flushing exchanges. */
    void flush() {
        int n = size;
        if (n == 0) {
            return;
        }
        size = 0;
        for (int i = 0; i < n; i++) {
            found[i] = state.get(keys[i]);
        }
        for (int i = 0; i < n; i++) {
            Object key = keys[i];
            StateEntry<Object, Object, Object> entry = found[i];
            if (entry == null || entry.discarded()) {
                entry = state.get(key);
            }
            StateAction action;
            currentKey = key;
            try {
                if (entry == null) {
                    entry = state.create(key, builder.build(null));
                }
                entry.eofDone(false);
                action = entry.onItem(values[i], this);
            } catch (RuntimeException e) {
                throw StepException.wrap(stepId, e);
            }
            after(entry, action);
        }
        java.util.Arrays.fill(keys, 0, n, null);
        java.util.Arrays.fill(values, 0, n, null);
        java.util.Arrays.fill(found, 0, n, null);
    }

    /** Fires the timers due at {@code now}; true if any fired. */
    boolean fireTimers(Instant now) {
        if (eofSeen) {
            return false; // after EOF nothing may be emitted any more; pending timers were superseded by onEof
        }
        flush();
        // Take the due entries first: a logic that sets its next notify time at or before now fires in the next
        // round, not again in this loop.
        List<StateEntry<Object, Object, Object>> due = null;
        StateEntry<Object, Object, Object> next;
        while ((next = state.pollDue(now)) != null) {
            if (due == null) {
                due = new java.util.ArrayList<>();
            }
            due.add(next);
        }
        if (due == null) {
            return false;
        }
        for (StateEntry<Object, Object, Object> entry : due) {
            if (entry.discarded()) {
                continue;
            }
            currentKey = entry.key();
            StateAction action;
            try {
                entry.eofDone(false);
                action = entry.onNotify(now, TimeDomain.PROCESSING, this);
            } catch (RuntimeException e) {
                throw StepException.wrap(stepId, e);
            }
            after(entry, action);
        }
        return true;
    }

    Instant nextTimer() {
        return eofSeen ? null : state.nextTimer();
    }

    @Override
    public void control(Message.Control control) {
        flush();
        if (control instanceof Message.Watermark w) {
            if (!w.idle() && w.time() > watermark && !eofSeen) {
                watermark = w.time();
                fireEventTimers(watermark);
            }
            downstream.control(w);
            return;
        }
        Message.Barrier barrier = (Message.Barrier) control;
        long epoch = barrier.epoch();
        boolean eof = barrier.eof();
        if (eof && !eofSeen) {
            // Barriers keep coming (EOF-flagged) while other inputs of the dataflow still run: call onEof once,
            // and only for keys that got something since their last committed onEof (a resumed or rerun store).
            // End of input is the end of event time: every event-time timer fires first.
            watermark = Long.MAX_VALUE;
            fireEventTimers(Long.MAX_VALUE);
            eofSeen = true;
            for (StateEntry<Object, Object, Object> entry : state.entries()) {
                if (entry.eofDone()) {
                    continue;
                }
                currentKey = entry.key();
                StateAction action;
                try {
                    entry.eofDone(true);
                    action = entry.onEof(this);
                } catch (RuntimeException e) {
                    throw StepException.wrap(stepId, e);
                }
                after(entry, action);
            }
        }
        if (snapshotOut != null) {
            try {
                state.drainSnapshot(snapshotOut);
            } catch (RuntimeException e) {
                throw StepException.wrap(stepId, e);
            }
        }
        downstream.control(barrier);
    }

    /** Fires every event-time timer due at {@code wm}, in time order. */
    private void fireEventTimers(long wm) {
        List<StateEntry<Object, Object, Object>> stalled = null;
        StateEntry<Object, Object, Object> entry;
        while ((entry = state.pollDueEvent(wm)) != null) {
            long at = KeyedState.takeEventTime(entry);
            currentKey = entry.key();
            StateAction action;
            try {
                action = entry.onNotify(Instant.ofEpochMilli(at), TimeDomain.EVENT, this);
            } catch (RuntimeException e) {
                throw StepException.wrap(stepId, e);
            }
            after(entry, action);
            if (!entry.discarded() && KeyedState.eventTimeOf(entry) != Long.MIN_VALUE
                    && KeyedState.eventTimeOf(entry) <= at) {
                KeyedState.takeEventTime(entry); // asked again for a passed time: wait for the next watermark
                if (stalled == null) {
                    stalled = new java.util.ArrayList<>();
                }
                stalled.add(entry);
            }
        }
        if (stalled != null) {
            for (StateEntry<Object, Object, Object> e : stalled) {
                if (!e.discarded()) {
                    state.updateTimer(e);
                }
            }
        }
    }

    @Override
    public void emit(Object value) {
        if (value == null) {
            throw new NullPointerException("step '" + stepId + "' emitted null for key " + currentKey);
        }
        downstream.push(new KeyValue<>(currentKey, value));
    }

    private void after(StateEntry<Object, Object, Object> entry, StateAction action) {
        state.touch(entry, worker.epoch());
        if (action == StateAction.DISCARD) {
            state.discard(entry);
        } else if (action == StateAction.KEEP) {
            state.updateTimer(entry);
        } else {
            throw new StepException(stepId, "stateful logic returned null instead of KEEP or DISCARD", null);
        }
    }
}
