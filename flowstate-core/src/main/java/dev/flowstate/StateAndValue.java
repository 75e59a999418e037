package dev.flowstate;

/**
 * What a {@link KeyedStream#statefulMap statefulMap} mapper returns: the key's new state (null discards it)
 * and the value to emit (null emits nothing).
 */
public record StateAndValue<S, R>(S state, R value) {
    /** Shorthand for {@code new StateAndValue<>(state, value)}. */
    public static <S, R> StateAndValue<S, R> of(S state, R value) {
        return new StateAndValue<>(state, value);
    }
}
