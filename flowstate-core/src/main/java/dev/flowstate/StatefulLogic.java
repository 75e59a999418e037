package dev.flowstate;

import java.time.Instant;

/**
 * Per-key logic of the general {@link KeyedStream#stateful stateful} operator. The engine creates one instance per
 * key (through a {@link StatefulLogic.Builder}, with the key's resumed state or null) and calls it from one worker
 * thread only, so implementations need no synchronization.
 *
 * <p>Every callback returns whether to keep or discard the state. {@link #snapshot()} is called at each epoch
 * close after the key was touched; it must return a value that the builder turns back into an equal logic.
 *
 * @param <V> input value type
 * @param <R> emitted value type
 * @param <S> snapshot (state) type
 */
public interface StatefulLogic<V, R, S> {

    /** Called for each value of this key, in arrival order. */
    StateAction onItem(V value, Emitter<? super R> out);

    /** Called once the wall-clock time from {@link #notifyAt()} has passed. */
    default StateAction onNotify(Instant now, Emitter<? super R> out) {
        return StateAction.KEEP;
    }

    /**
     * Called when a timer fires: {@code domain} says which one, {@code time} is the time it was set for (for
     * {@link TimeDomain#PROCESSING} the wall clock now, as {@link #onNotify(Instant, Emitter)} receives it). The
     * default passes processing-time timers to {@link #onNotify(Instant, Emitter)} and ignores event-time ones.
     */
    default StateAction onNotify(Instant time, TimeDomain domain, Emitter<? super R> out) {
        return domain == TimeDomain.PROCESSING ? onNotify(time, out) : StateAction.KEEP;
    }

    /** Called when every upstream input of the step reached its end. */
    default StateAction onEof(Emitter<? super R> out) {
        return StateAction.KEEP;
    }

    /** When to call {@link #onNotify}; null for never. Read after every callback. */
    default Instant notifyAt() {
        return null;
    }

    /**
     * The event time at which to call {@link #onNotify(Instant, TimeDomain, Emitter)} with {@link TimeDomain#EVENT}:
     * once the step's watermark reaches it (at the latest at end of input, before {@link #onEof}); null for never.
     * Read after every callback. The watermark comes from the step's {@link Clock} (see
     * {@link KeyedStream#stateful(String, Clock, Builder)}) or, without one, from the steps upstream.
     */
    default Instant notifyAtEventTime() {
        return null;
    }

    /** The state to save; the builder must rebuild an equivalent logic from it. */
    S snapshot();

    /** Builds the logic for one key, from its saved state or from null when the key is new. */
    @FunctionalInterface
    interface Builder<V, R, S> {
        StatefulLogic<V, R, S> build(S resumeState);
    }
}
