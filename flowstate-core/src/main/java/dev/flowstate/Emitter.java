package dev.flowstate;

/** Receives the values a step emits downstream. Not thread-safe; valid only during the callback it is passed to. */
@FunctionalInterface
public interface Emitter<T> {
    void emit(T value);
}
