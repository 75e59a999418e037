package dev.flowstate;

/**
 * Turns values of one type into bytes and back, for keys, state snapshots and items that leave the process.
 * Implementations must be thread-safe and deterministic: equal values give equal bytes, which is what makes key
 * routing identical across JVMs.
 */
public interface Serde<T> {
    byte[] toBytes(T value);

    T fromBytes(byte[] bytes);
}
