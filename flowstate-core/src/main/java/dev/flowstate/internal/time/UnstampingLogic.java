package dev.flowstate.internal.time;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.TimeDomain;

import java.time.Instant;

/** A user's logic on a step with a clock: it receives the plain values, without the exchange's time stamps. */
public final class UnstampingLogic<V, R, S> implements StatefulLogic<Object, R, S> {
    private final StatefulLogic<V, R, S> logic;

    private UnstampingLogic(StatefulLogic<V, R, S> logic) {
        this.logic = logic;
    }

    public static <V, R, S> Builder<Object, R, S> wrap(Builder<V, R, S> builder) {
        return resume -> new UnstampingLogic<>(builder.build(resume));
    }

    @Override
    @SuppressWarnings("unchecked")
    public StateAction onItem(Object value, Emitter<? super R> out) {
        return logic.onItem((V) ((Stamped) value).value(), out);
    }

    @Override
    public StateAction onNotify(Instant time, TimeDomain domain, Emitter<? super R> out) {
        return logic.onNotify(time, domain, out);
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
    public Instant notifyAtEventTime() {
        return logic.notifyAtEventTime();
    }

    @Override
    public S snapshot() {
        return logic.snapshot();
    }
}
