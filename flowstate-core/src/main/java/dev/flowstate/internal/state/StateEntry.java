package dev.flowstate.internal.state;

import dev.flowstate.StatefulLogic;

import java.time.Instant;

/**
 * A key's logic as stored in {@link KeyedState}, carrying the engine's per-key bookkeeping (key, the epoch it was
 * last touched in, its scheduled timer). The built-in operators' logics extend this class, so looking a key up
 * reaches its state in one hop; a user's {@link StatefulLogic} is wrapped in {@link UserLogicEntry}.
 */
public abstract class StateEntry<V, R, S> implements StatefulLogic<V, R, S> {
    Object key;
    long touchedEpoch = Long.MIN_VALUE;
    Instant notifyAt;
    /** The scheduled event-time timer in epoch millis; MIN_VALUE for none. */
    long eventNotifyAt = Long.MIN_VALUE;
    boolean discarded;
    /** The key serialized once for every snapshot of it; keys never change. */
    byte[] keyBytes;
    int routeHash;

    public final Object key() {
        return key;
    }

    /** True once the engine dropped this key's state; a lookup made earlier must be repeated. */
    public final boolean discarded() {
        return discarded;
    }
}
