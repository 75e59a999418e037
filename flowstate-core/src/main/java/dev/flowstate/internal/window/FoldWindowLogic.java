package dev.flowstate.internal.window;

import dev.flowstate.Emitter;
import dev.flowstate.WindowLogic;

import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * Folds a window's values into an accumulator and emits it on close; {@code merger} combines two accumulators
 * (sessions merging, panes of a sliding window). Backs foldWindow, reduceWindow, countWindow, maxWindow, minWindow.
 * A null accumulator (a reduce that saw nothing) emits nothing.
 */
public final class FoldWindowLogic<V, A> implements WindowLogic<V, A, A> {
    private final BiFunction<A, ? super V, A> folder;
    private final BinaryOperator<A> merger;
    private A acc;

    private FoldWindowLogic(A acc, BiFunction<A, ? super V, A> folder, BinaryOperator<A> merger) {
        this.acc = acc;
        this.folder = folder;
        this.merger = merger;
    }

    public static <V, A> Builder<V, A, A> builder(Supplier<A> initial, BiFunction<A, ? super V, A> folder,
                                                  BinaryOperator<A> merger) {
        return resume -> new FoldWindowLogic<V, A>(resume == null ? initial.get() : resume, folder, merger);
    }

    /** Pairwise reduction; no value until the first item. */
    public static <V> Builder<V, V, V> reducing(BinaryOperator<V> reducer) {
        BinaryOperator<V> nullSafe = (a, b) -> a == null ? b : b == null ? a : reducer.apply(a, b);
        return resume -> new FoldWindowLogic<V, V>(resume, nullSafe, nullSafe);
    }

    @Override
    public void onValue(V value, Instant timestamp, Emitter<? super A> out) {
        acc = folder.apply(acc, value);
    }

    @Override
    public void onMerge(A other) {
        acc = merger.apply(acc, other);
    }

    @Override
    public void onClose(Emitter<? super A> out) {
        if (acc != null) {
            out.emit(acc);
        }
    }

    @Override
    public A snapshot() {
        return acc;
    }
}
