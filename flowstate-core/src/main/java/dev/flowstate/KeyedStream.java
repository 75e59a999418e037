package dev.flowstate;

import dev.flowstate.internal.operators.CollectLogic;
import dev.flowstate.internal.operators.FoldFinalLogic;
import dev.flowstate.internal.operators.JoinLogic;
import dev.flowstate.internal.operators.StatefulMapLogic;
import dev.flowstate.internal.plan.Port;
import dev.flowstate.internal.plan.StepSpec;
import dev.flowstate.internal.plan.TimeSpec;
import dev.flowstate.internal.time.UnstampingLogic;
import dev.flowstate.internal.window.CollectWindowLogic;
import dev.flowstate.internal.window.FoldWindowLogic;
import dev.flowstate.internal.window.JoinWindowLogic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stream of {@link KeyValue} items. Stateful operators keep state per key: all items of one key are processed by
 * the one worker that owns the key (chosen by a hash of the key that is the same in every JVM), in the order that
 * worker receives them. Keys must be serializable by the default serde and have a stable {@code equals}.
 *
 * <p>Every stateful operator here is built on {@link #stateful}; its state is saved at each epoch close when
 * recovery is on, under the step id.
 */
public final class KeyedStream<K, V> extends Stream<KeyValue<K, V>> {

    KeyedStream(Dataflow flow, Port port) {
        super(flow, port);
    }

    /** Drops the keys. */
    public Stream<V> keyRm(String stepId) {
        return new Stream<>(flow, op(stepId, "key_rm", (item, ctx, out) -> out.push(((KeyValue<?, ?>) item).value())));
    }

    /** Transforms each value, keeping its key. */
    public <W> KeyedStream<K, W> mapValue(String stepId, Function<? super V, ? extends W> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return keyed(op(stepId, "map_value", (item, ctx, out) -> {
            KeyValue<K, V> kv = cast(item);
            out.push(new KeyValue<>(kv.key(), mapper.apply(kv.value())));
        }));
    }

    /** Keeps the items whose value satisfies the predicate. */
    public KeyedStream<K, V> filterValue(String stepId, Predicate<? super V> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return keyed(op(stepId, "filter_value", (item, ctx, out) -> {
            if (predicate.test(((KeyValue<K, V>) cast(item)).value())) {
                out.push(item);
            }
        }));
    }

    /** Transforms each value into zero or more values under the same key. */
    public <W> KeyedStream<K, W> flatMapValue(String stepId, Function<? super V, ? extends Iterable<? extends W>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return keyed(op(stepId, "flat_map_value", (item, ctx, out) -> {
            KeyValue<K, V> kv = cast(item);
            for (W w : mapper.apply(kv.value())) {
                out.push(new KeyValue<>(kv.key(), w));
            }
        }));
    }

    /**
     * Maps each value with the key's state. The mapper gets the state (null for a key without one) and the value,
     * and returns the new state (null discards it) and the value to emit (null emits nothing).
     * Because the state type appears only in the mapper, Java needs it spelled out in the lambda:
     * {@code (Long n, String v) -> ...}; {@link #statefulMap(String, Supplier, BiFunction)} infers it.
     */
    public <S, R> KeyedStream<K, R> statefulMap(String stepId, BiFunction<? super S, ? super V, StateAndValue<S, R>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return this.<R, S>stateful(stepId, "stateful_map", resume -> new StatefulMapLogic<V, R, S>(resume, mapper, false), null);
    }

    /**
     * Like {@link #statefulMap(String, BiFunction)}, but a key without state starts from {@code initial.get()}.
     * The state type is inferred from {@code initial}: {@code statefulMap("count", () -> 0L, (n, v) -> ...)}.
     */
    public <S, R> KeyedStream<K, R> statefulMap(String stepId, Supplier<S> initial,
                                               BiFunction<? super S, ? super V, StateAndValue<S, R>> mapper) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(mapper, "mapper");
        return this.<R, S>stateful(stepId, "stateful_map",
                resume -> new StatefulMapLogic<V, R, S>(resume == null ? initial.get() : resume, mapper, false), null);
    }

    /** Like {@link #statefulMap(String, BiFunction)}, emitting every value of the returned iterable. */
    public <S, R> KeyedStream<K, R> statefulFlatMap(String stepId,
                                                   BiFunction<? super S, ? super V, StateAndValue<S, ? extends Iterable<? extends R>>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return this.<R, S>stateful(stepId, "stateful_flat_map", resume -> new StatefulMapLogic<V, R, S>(resume, cast(mapper), true), null);
    }

    /** Like {@link #statefulFlatMap(String, BiFunction)}, but a key without state starts from {@code initial.get()}. */
    public <S, R> KeyedStream<K, R> statefulFlatMap(String stepId, Supplier<S> initial,
                                                   BiFunction<? super S, ? super V, StateAndValue<S, ? extends Iterable<? extends R>>> mapper) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(mapper, "mapper");
        return this.<R, S>stateful(stepId, "stateful_flat_map",
                resume -> new StatefulMapLogic<V, R, S>(resume == null ? initial.get() : resume, cast(mapper), true), null);
    }

    /**
     * The general stateful operator: one {@link StatefulLogic} per key, built from the key's saved state, with
     * callbacks for items, timers and EOF. State is saved with the default serde.
     */
    public <R, S> KeyedStream<K, R> stateful(String stepId, StatefulLogic.Builder<V, R, S> builder) {
        return stateful(stepId, builder, null);
    }

    /** Like {@link #stateful(String, StatefulLogic.Builder)}, saving state with {@code stateSerde}. */
    public <R, S> KeyedStream<K, R> stateful(String stepId, StatefulLogic.Builder<V, R, S> builder, Serde<S> stateSerde) {
        Objects.requireNonNull(builder, "builder");
        return stateful(stepId, "stateful", builder, stateSerde);
    }

    /**
     * The general stateful operator with a clock: like {@link #stateful(String, StatefulLogic.Builder)}, and the step's
     * watermark comes from {@code clock} (evaluated per input partition, see {@link Clock}), so a logic can ask for
     * event-time timers with {@link StatefulLogic#notifyAtEventTime()}. Items are passed on whatever their time.
     */
    public <R, S> KeyedStream<K, R> stateful(String stepId, Clock<? super V> clock, StatefulLogic.Builder<V, R, S> builder) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(builder, "builder");
        @SuppressWarnings({"unchecked", "rawtypes"})
        StepSpec step = flow.add(new StepSpec.Stateful(Dataflow.checkId(stepId, "step id"), "stateful", flow.own(this),
                (StatefulLogic.Builder) UnstampingLogic.wrap(builder), null, TimeSpec.of(clock), Origin.caller()));
        return new KeyedStream<>(flow, new Port(step, 0));
    }

    /** Counts the items of each window of each key. */
    public WindowOut<K, V, Long> countWindow(String stepId, Clock<? super V> clock, Windower windower) {
        return windowed(stepId, "count_window", clock, windower,
                FoldWindowLogic.<V, Long>builder(() -> 0L, (n, v) -> n + 1, Long::sum), true);
    }

    /**
     * Folds the values of each window into an accumulator starting at {@code initial.get()}, and emits it when the
     * window closes. {@code merger} combines two accumulators: of two sessions an item bridges, and of the panes of a
     * sliding window (so {@code merger(initial, a)} must equal {@code a}, and it must not modify its arguments).
     */
    public <A> WindowOut<K, V, A> foldWindow(String stepId, Clock<? super V> clock, Windower windower, Supplier<A> initial,
                                             BiFunction<A, ? super V, A> folder, BinaryOperator<A> merger) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(merger, "merger");
        return windowed(stepId, "fold_window", clock, windower, FoldWindowLogic.<V, A>builder(initial, folder, merger), true);
    }

    /** Combines the values of each window pairwise and emits the result when the window closes. */
    public WindowOut<K, V, V> reduceWindow(String stepId, Clock<? super V> clock, Windower windower, BinaryOperator<V> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return windowed(stepId, "reduce_window", clock, windower, FoldWindowLogic.reducing(reducer), true);
    }

    /** Emits the values of each window as one list in timestamp order when the window closes. */
    public WindowOut<K, V, List<V>> collectWindow(String stepId, Clock<? super V> clock, Windower windower) {
        return windowed(stepId, "collect_window", clock, windower, CollectWindowLogic.<V>builder(), true);
    }

    /** Emits the largest value of each window by {@code order} when the window closes. */
    public WindowOut<K, V, V> maxWindow(String stepId, Clock<? super V> clock, Windower windower, Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return windowed(stepId, "max_window", clock, windower,
                FoldWindowLogic.reducing((a, b) -> order.compare(b, a) > 0 ? b : a), true);
    }

    /** Emits the largest value of each window by natural order when the window closes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public WindowOut<K, V, V> maxWindow(String stepId, Clock<? super V> clock, Windower windower) {
        return maxWindow(stepId, clock, windower, (Comparator) Comparator.naturalOrder());
    }

    /** Emits the smallest value of each window by {@code order} when the window closes. */
    public WindowOut<K, V, V> minWindow(String stepId, Clock<? super V> clock, Windower windower, Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return windowed(stepId, "min_window", clock, windower,
                FoldWindowLogic.reducing((a, b) -> order.compare(b, a) < 0 ? b : a), true);
    }

    /** Emits the smallest value of each window by natural order when the window closes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public WindowOut<K, V, V> minWindow(String stepId, Clock<? super V> clock, Windower windower) {
        return minWindow(stepId, clock, windower, (Comparator) Comparator.naturalOrder());
    }

    /**
     * The general window operator: one {@link WindowLogic} per window of each key, built by {@code builder}, fed the
     * window's items and closed when the watermark passes the window's end.
     */
    public <R, S> WindowOut<K, V, R> window(String stepId, Clock<? super V> clock, Windower windower,
                                            WindowLogic.Builder<V, R, S> builder) {
        return windowed(stepId, "window", clock, windower, builder, false);
    }

    /**
     * Joins this stream with {@code other} per key and window, with the insert and emit modes of {@link #join}
     * (FIRST and LAST by event time; FINAL emits when the window closes). Each side's time is read by its own clock;
     * both must be event clocks or both system clocks. {@code late} carries late items of either side, the other
     * side null.
     */
    public <W> WindowOut<K, Joined<V, W>, Joined<V, W>> joinWindow(String stepId, Clock<? super V> clock,
                                                                   KeyedStream<K, W> other, Clock<? super W> otherClock,
                                                                   Windower windower, Mode.Insert insert, Mode.Emit emit) {
        Objects.requireNonNull(other, "other");
        Objects.requireNonNull(insert, "insert");
        Objects.requireNonNull(emit, "emit");
        TimeSpec time = WindowSteps.joinTime(stepId, clock, otherClock);
        KeyedStream<K, JoinLogic.Tagged> tagged = tagSides(stepId, List.of(this, other));
        return WindowSteps.build(flow, tagged, stepId, "join_window", time, windower,
                JoinWindowLogic.builder(2, insert, emit), false,
                row -> new Joined<>(((List<?>) row).get(0), ((List<?>) row).get(1)),
                t -> {
                    JoinLogic.Tagged tv = (JoinLogic.Tagged) t;
                    return tv.side() == 0 ? new Joined<>(tv.value(), null) : new Joined<>(null, tv.value());
                });
    }

    private <R> WindowOut<K, V, R> windowed(String stepId, String kind, Clock<? super V> clock, Windower windower,
                                            WindowLogic.Builder<V, ?, ?> logic, boolean mergeable) {
        Objects.requireNonNull(clock, "clock");
        return WindowSteps.build(flow, this, stepId, kind, TimeSpec.of(clock), windower, logic, mergeable, null, null);
    }

    /** Gathers values per key and emits them as a list once {@code maxSize} arrived or {@code timeout} passed since the first. */
    public KeyedStream<K, List<V>> collect(String stepId, int maxSize, Duration timeout) {
        if (maxSize < 1) {
            throw new DataflowDefinitionException("collect '" + stepId + "': maxSize must be at least 1, was " + maxSize);
        }
        Objects.requireNonNull(timeout, "timeout");
        return this.<List<V>, CollectLogic.State<V>>stateful(stepId, "collect", resume -> new CollectLogic<V>(resume, maxSize, timeout), null);
    }

    /** Folds the values of each key into an accumulator and emits it when the input ends. */
    public <A> KeyedStream<K, A> foldFinal(String stepId, Supplier<A> initial, BiFunction<A, ? super V, A> folder) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(folder, "folder");
        return this.<A, A>stateful(stepId, "fold_final", resume -> new FoldFinalLogic<V, A>(resume == null ? initial.get() : resume, folder), null);
    }

    /** Combines the values of each key pairwise and emits the result when the input ends. */
    public KeyedStream<K, V> reduceFinal(String stepId, BinaryOperator<V> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return reduceFinalAs(stepId, "reduce_final", reducer);
    }

    /** Counts the items of each key and emits the count when the input ends. */
    public KeyedStream<K, Long> countFinal(String stepId) {
        return this.<Long, Long>stateful(stepId, "count_final",
                resume -> new FoldFinalLogic<V, Long>(resume == null ? 0L : resume, (n, v) -> n + 1), null);
    }

    /** Emits the largest value of each key when the input ends. */
    public KeyedStream<K, V> maxFinal(String stepId, Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return reduceFinalAs(stepId, "max_final", (a, b) -> order.compare(b, a) > 0 ? b : a);
    }

    /** Emits the smallest value of each key when the input ends. */
    public KeyedStream<K, V> minFinal(String stepId, Comparator<? super V> order) {
        Objects.requireNonNull(order, "order");
        return reduceFinalAs(stepId, "min_final", (a, b) -> order.compare(b, a) < 0 ? b : a);
    }

    /** Emits the largest value of each key by natural order when the input ends. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public KeyedStream<K, V> maxFinal(String stepId) {
        return maxFinal(stepId, (Comparator) Comparator.naturalOrder());
    }

    /** Emits the smallest value of each key by natural order when the input ends. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public KeyedStream<K, V> minFinal(String stepId) {
        return minFinal(stepId, (Comparator) Comparator.naturalOrder());
    }

    /**
     * Joins this stream with another on the key. Emits {@link Joined} pairs; see {@link Mode.Insert} and
     * {@link Mode.Emit} for what is kept and when it is emitted. A side with no value is null.
     */
    public <W> KeyedStream<K, Joined<V, W>> join(String stepId, KeyedStream<K, W> other, Mode.Insert insert, Mode.Emit emit) {
        KeyedStream<K, List<Object>> rows = joinAll(stepId, List.of(this, other), insert, emit);
        return rows.keyed(rows.op(stepId + "_pairs", "map_value", (item, ctx, out) -> {
            KeyValue<K, List<Object>> kv = cast(item);
            out.push(new KeyValue<>(kv.key(), new Joined<V, W>(cast(kv.value().get(0)), cast(kv.value().get(1)))));
        }));
    }

    /**
     * Joins any number of keyed streams on the key; each emitted row holds one value per stream, in the order the
     * streams are given (null where a stream has no value).
     */
    public static <K> KeyedStream<K, List<Object>> joinAll(String stepId, List<? extends KeyedStream<K, ?>> streams,
                                                          Mode.Insert insert, Mode.Emit emit) {
        Objects.requireNonNull(insert, "insert");
        Objects.requireNonNull(emit, "emit");
        if (streams.size() < 2) {
            throw new DataflowDefinitionException("join '" + stepId + "' needs at least two streams");
        }
        KeyedStream<K, JoinLogic.Tagged> keyed = tagSides(stepId, streams);
        int sides = streams.size();
        return keyed.<List<Object>, ArrayList<ArrayList<Object>>>stateful(stepId, "join", resume -> new JoinLogic(resume, sides, insert, emit), null);
    }

    /** The join's inputs, each value tagged with its side ({@code <id>_side<i>}), merged ({@code <id>_merge}). */
    private static <K> KeyedStream<K, JoinLogic.Tagged> tagSides(String stepId, List<? extends KeyedStream<K, ?>> streams) {
        Dataflow flow = streams.get(0).flow;
        List<Stream<?>> tagged = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            int side = i;
            KeyedStream<K, ?> s = streams.get(i);
            Dataflow.checkId(stepId, "step id");
            tagged.add(new Stream<>(flow, s.op(stepId + "_side" + i, "map_value", (item, ctx, out) -> {
                KeyValue<K, ?> kv = cast(item);
                out.push(new KeyValue<>(kv.key(), new JoinLogic.Tagged(side, kv.value())));
            })));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Stream<KeyValue<K, JoinLogic.Tagged>> merged = (Stream) flow.merge(stepId + "_merge", (List) tagged);
        return new KeyedStream<>(flow, merged.port);
    }

    /** One row of a two-way {@link #join}: the left and right values (either may be null). */
    public record Joined<L, R>(L left, R right) {
    }

    private KeyedStream<K, V> reduceFinalAs(String stepId, String kind, BinaryOperator<V> reducer) {
        return this.<V, V>stateful(stepId, kind, resume -> new FoldFinalLogic<V, V>(resume, (acc, v) -> acc == null ? v : reducer.apply(acc, v)), null);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <R, S> KeyedStream<K, R> stateful(String stepId, String kind, StatefulLogic.Builder<V, R, S> builder, Serde<S> serde) {
        StepSpec step = flow.add(new StepSpec.Stateful(Dataflow.checkId(stepId, "step id"), kind, flow.own(this),
                (StatefulLogic.Builder) builder, (Serde) serde, Origin.caller()));
        return new KeyedStream<>(flow, new Port(step, 0));
    }

    private <W> KeyedStream<K, W> keyed(StepSpec step) {
        return new KeyedStream<>(flow, new Port(step, 0));
    }
}
