package dev.flowstate;

import java.time.Instant;

/**
 * The logic of one window of one key, for the general {@link KeyedStream#window window} operator. The engine builds
 * one instance per open window (through a {@link Builder}, with saved state or null), feeds it the window's items,
 * merges session windows that an item bridges, and closes it once the watermark passed the window's end (plus the
 * windower's allowed lateness), or at end of input. Called from one worker thread only.
 *
 * <p>On sliding windows each item is given to every window containing it (one call per window).
 *
 * @param <V> item value type
 * @param <R> emitted value type
 * @param <S> snapshot (state) type
 */
public interface WindowLogic<V, R, S> {

    /** Adds one item, with its timestamp; may emit results at once (they go to {@code down} under this window). */
    void onValue(V value, Instant timestamp, Emitter<? super R> out);

    /**
     * Folds another window's state into this one: the later-built of two session windows that an item bridged. Must
     * not keep references into {@code other}. The default refuses, so a logic without it works on tumbling and
     * sliding windows only.
     */
    default void onMerge(S other) {
        throw new UnsupportedOperationException("this window logic cannot merge session windows; implement onMerge");
    }

    /** The window closed: emit its results. The instance is dropped afterwards. */
    void onClose(Emitter<? super R> out);

    /** The state to save; the builder must rebuild an equivalent logic from it. */
    S snapshot();

    /** Builds the logic for one window from its saved state, or from null for a new window. */
    @FunctionalInterface
    interface Builder<V, R, S> {
        WindowLogic<V, R, S> build(S resumeState);
    }
}
