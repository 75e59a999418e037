package dev.flowstate;

import java.util.Objects;

/**
 * One item of a {@link KeyedStream}: a key and a value. Immutable; the key is never null.
 *
 * @param key   routing key; items with equal keys reach the same worker and share state
 * @param value the value; may be null only where the producing step allows it
 */
public record KeyValue<K, V>(K key, V value) {
    public KeyValue {
        Objects.requireNonNull(key, "key");
    }

    /** Shorthand for {@code new KeyValue<>(key, value)}. */
    public static <K, V> KeyValue<K, V> of(K key, V value) {
        return new KeyValue<>(key, value);
    }
}
