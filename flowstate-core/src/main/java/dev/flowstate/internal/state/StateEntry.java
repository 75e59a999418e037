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
    /**
     * True once {@code onEof} ran for this key and no item or timer reached it since. Saved with the state, so the
     * end of input is part of the committed state: after a resume, or on a rerun over a finished store, a key whose
     * end of input was already committed gets no second {@code onEof}.
     */
    boolean eofDone;

    public final Object key() {
        return key;
    }

    /** Whether {@code onEof} already ran for everything this key received (see the field). */
    public final boolean eofDone() {
        return eofDone;
    }

    /** Records that an item or timer reached the key ({@code false}) or that its {@code onEof} ran ({@code true}). */
    public final void eofDone(boolean done) {
        eofDone = done;
    }

    /** True once the engine dropped this key's state; a lookup made earlier must be repeated. */
    public final boolean discarded() {
        return discarded;
    }
}
