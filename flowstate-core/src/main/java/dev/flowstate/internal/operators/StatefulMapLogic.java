package dev.flowstate.internal.operators;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.StateAndValue;
import dev.flowstate.internal.state.StateEntry;

import java.util.function.BiFunction;

/**
 * {@code statefulMap} and {@code statefulFlatMap} as a stateful logic: the state is the mapper's state.
 *
 * <p>A state that is a {@link Long} or an {@link Integer} (a count, a sum) is kept unboxed in {@link #bits}. Why:
 * this object lives as long as its key, so it is soon in the old generation, and storing a new state object into
 * it on every item dirties a card that G1's refinement threads must then scan; with 100,000 counting keys that took
 * half a core. A primitive field store dirties nothing; the mapper gets a fresh box, which it usually unboxes.
 */
public final class StatefulMapLogic<V, R, S> extends StateEntry<V, R, S> {
    private static final byte REFERENCE = 0;
    private static final byte LONG = 1;
    private static final byte INT = 2;

    private final BiFunction<? super S, ? super V, ? extends StateAndValue<S, ?>> mapper;
    private final boolean flat;
    /** The state when {@link #kind} is {@link #REFERENCE}; null otherwise. */
    private S state;
    /** The state's value when it is a boxed primitive. */
    private long bits;
    private byte kind;

    public StatefulMapLogic(S state, BiFunction<? super S, ? super V, ? extends StateAndValue<S, ?>> mapper, boolean flat) {
        this.mapper = mapper;
        this.flat = flat;
        keep(state);
    }

    /** The state as the mapper and snapshots see it. */
    @SuppressWarnings("unchecked")
    private S current() {
        return switch (kind) {
            case LONG -> (S) Long.valueOf(bits);
            case INT -> (S) Integer.valueOf((int) bits);
            default -> state;
        };
    }

    private void keep(Object next) {
        if (next instanceof Long l) {
            bits = l;
            setKind(LONG);
        } else if (next instanceof Integer i) {
            bits = i;
            setKind(INT);
        } else {
            kind = REFERENCE;
            @SuppressWarnings("unchecked")
            S s = (S) next;
            state = s;
        }
    }

    private void setKind(byte k) {
        if (kind != k) {
            kind = k;
            state = null; // a null store dirties no card
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public StateAction onItem(V value, Emitter<? super R> out) {
        StateAndValue<S, ?> result = mapper.apply(current(), value);
        if (result == null) {
            throw new NullPointerException("mapper returned null; return StateAndValue.of(newState, value)");
        }
        Object emitted = result.value();
        if (emitted != null) {
            if (flat) {
                for (Object r : (Iterable<?>) emitted) {
                    out.emit((R) r);
                }
            } else {
                out.emit((R) emitted);
            }
        }
        Object next = result.state();
        if (next == null) {
            kind = REFERENCE;
            state = null;
            return StateAction.DISCARD;
        }
        keep(next);
        return StateAction.KEEP;
    }

    @Override
    public S snapshot() {
        return current();
    }
}
