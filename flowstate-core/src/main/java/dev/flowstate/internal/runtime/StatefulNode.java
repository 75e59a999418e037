package dev.flowstate.internal.runtime;

import dev.flowstate.Emitter;
import dev.flowstate.KeyValue;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.internal.state.KeyedState;
import dev.flowstate.internal.state.StateEntry;

import java.time.Instant;
import java.util.List;

/**
 * Runs the general stateful operator on one worker: one {@link StatefulLogic} per key, built on the first item of
 * the key (or from its saved state), called for items, due timers and EOF; what it emits goes downstream as
 * {@code KeyValue(key, value)}. At each barrier the keys touched in the epoch are snapshotted (when recovery is on).
 */
final class StatefulNode implements Node, Emitter<Object> {
    private final String stepId;
    private final StatefulLogic.Builder<Object, Object, Object> builder;
    private final KeyedState state;
    private final Node downstream;
    private final WorkerInfo worker;
    private final List<SnapshotRow> snapshotOut;
    private Object currentKey;

    StatefulNode(String stepId, StatefulLogic.Builder<Object, Object, Object> builder, KeyedState state, Node downstream,
                 WorkerInfo worker, List<SnapshotRow> snapshotOut) {
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

    @Override
    public void push(Object item) {
        KeyValue<?, ?> kv = (KeyValue<?, ?>) item;
        Object key = kv.key();
        StateEntry<Object, Object, Object> entry = state.get(key);
        StateAction action;
        currentKey = key;
        try {
            if (entry == null) {
                entry = state.create(key, builder.build(null));
            }
            action = entry.onItem(kv.value(), this);
        } catch (RuntimeException e) {
            throw StepException.wrap(stepId, e);
        }
        after(entry, action);
    }

    /** Fires the timers due at {@code now}; true if any fired. */
    boolean fireTimers(Instant now) {
        boolean fired = false;
        StateEntry<Object, Object, Object> entry;
        while ((entry = state.pollDue(now)) != null) {
            fired = true;
            currentKey = entry.key();
            StateAction action;
            try {
                action = entry.onNotify(now, this);
            } catch (RuntimeException e) {
                throw StepException.wrap(stepId, e);
            }
            after(entry, action);
        }
        return fired;
    }

    Instant nextTimer() {
        return state.nextTimer();
    }

    @Override
    public void barrier(long epoch, boolean eof) {
        if (eof) {
            for (StateEntry<Object, Object, Object> entry : state.entries()) {
                currentKey = entry.key();
                StateAction action;
                try {
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
        downstream.barrier(epoch, eof);
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
