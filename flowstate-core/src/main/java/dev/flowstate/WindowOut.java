package dev.flowstate;

/**
 * The three outputs of a window operator.
 *
 * @param down what the windows emitted: key to (window id, value)
 * @param late items that arrived after their window had closed, as they came in: never dropped silently
 * @param meta one (id, start, end) per window of a key, emitted when the window closes, just before its results
 * @param <K> key type
 * @param <L> type of the late items
 * @param <R> type of the window results
 */
public record WindowOut<K, L, R>(KeyedStream<K, Windowed<R>> down, KeyedStream<K, L> late,
                                 KeyedStream<K, WindowMeta> meta) {
}
