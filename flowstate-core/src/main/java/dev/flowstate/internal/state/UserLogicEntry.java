package dev.flowstate.internal.state;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;

import java.time.Instant;

/** Wraps a user's {@link StatefulLogic} so it can be stored as a {@link StateEntry}. */
final class UserLogicEntry<V, R, S> extends StateEntry<V, R, S> {
    private final StatefulLogic<V, R, S> logic;

    UserLogicEntry(StatefulLogic<V, R, S> logic) {
        this.logic = logic;
    }

    @Override
    public StateAction onItem(V value, Emitter<? super R> out) {
        return logic.onItem(value, out);
    }

    @Override
    public StateAction onNotify(Instant now, Emitter<? super R> out) {
        return logic.onNotify(now, out);
    }

    @Override
    public StateAction onNotify(Instant time, dev.flowstate.TimeDomain domain, Emitter<? super R> out) {
        return logic.onNotify(time, domain, out);
    }

    @Override
    public Instant notifyAtEventTime() {
        return logic.notifyAtEventTime();
    }

    @Override
    public StateAction onEof(Emitter<? super R> out) {
        return logic.onEof(out);
    }

    @Override
    public Instant notifyAt() {
        return logic.notifyAt();
    }

    @Override
    public S snapshot() {
        return logic.snapshot();
    }
}
