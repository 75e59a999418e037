package dev.flowstate.internal.operators;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.internal.state.StateEntry;

import java.util.function.BiFunction;

/** Folds values into an accumulator and emits it at EOF; backs foldFinal, reduceFinal, countFinal, maxFinal, minFinal. */
public final class FoldFinalLogic<V, A> extends StateEntry<V, A, A> {
    private final BiFunction<A, ? super V, A> folder;
    private A acc;

    public FoldFinalLogic(A initial, BiFunction<A, ? super V, A> folder) {
        this.acc = initial;
        this.folder = folder;
    }

    @Override
    public StateAction onItem(V value, Emitter<? super A> out) {
        acc = folder.apply(acc, value);
        return StateAction.KEEP;
    }

    @Override
    public StateAction onEof(Emitter<? super A> out) {
        if (acc != null) {
            out.emit(acc);
        }
        return StateAction.DISCARD;
    }

    @Override
    public A snapshot() {
        return acc;
    }
}
