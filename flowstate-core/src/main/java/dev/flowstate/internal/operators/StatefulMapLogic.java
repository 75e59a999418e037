package dev.flowstate.internal.operators;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.StateAndValue;
import dev.flowstate.internal.state.StateEntry;

import java.util.function.BiFunction;

/** {@code statefulMap} and {@code statefulFlatMap} as a stateful logic: the state is the mapper's state. */
public final class StatefulMapLogic<V, R, S> extends StateEntry<V, R, S> {
    private final BiFunction<? super S, ? super V, ? extends StateAndValue<S, ?>> mapper;
    private final boolean flat;
    private S state;

    public StatefulMapLogic(S state, BiFunction<? super S, ? super V, ? extends StateAndValue<S, ?>> mapper, boolean flat) {
        this.state = state;
        this.mapper = mapper;
        this.flat = flat;
    }

    @Override
    @SuppressWarnings("unchecked")
    public StateAction onItem(V value, Emitter<? super R> out) {
        StateAndValue<S, ?> result = mapper.apply(state, value);
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
        state = result.state();
        return state == null ? StateAction.DISCARD : StateAction.KEEP;
    }

    @Override
    public S snapshot() {
        return state;
    }
}
