package dev.flowstate;

import dev.flowstate.internal.operators.JoinLogic;
import dev.flowstate.internal.plan.Port;
import dev.flowstate.internal.plan.StepSpec;
import dev.flowstate.internal.plan.TimeSpec;
import dev.flowstate.internal.window.WindowKeyLogic;
import dev.flowstate.internal.window.WindowShape;

import java.util.Objects;
import java.util.function.Function;

/**
 * Builds the steps of a window operator: one stateful step {@code <id>} (its exchange applies the clock, its
 * per-key logic keeps the windows) and three stateless steps splitting what it emits into {@code <id>_down},
 * {@code <id>_late} and {@code <id>_meta}. Those three may go unread without the dataflow counting as dangling.
 */
final class WindowSteps {
    private WindowSteps() {
    }

    /** The window operator over {@code input} (whose values the clock reads through {@code timeOf}). */
    static <K, L, R> WindowOut<K, L, R> build(Dataflow flow, Stream<?> input, String stepId, String kind, TimeSpec time,
                                              Windower windower, dev.flowstate.WindowLogic.Builder<?, ?, ?> logic,
                                              boolean mergeable, Function<Object, Object> downValue,
                                              Function<Object, Object> lateValue) {
        Objects.requireNonNull(windower, "windower");
        Objects.requireNonNull(logic, "logic");
        WindowShape shape = new WindowShape(windower);
        TimeSpec timed = time.withLateness(shape::lateBound, shape.allowedLateness());
        StepSpec step = flow.add(new StepSpec.Stateful(Dataflow.checkId(stepId, "step id"), kind, flow.own(input),
                WindowKeyLogic.builder(shape, logic, mergeable), null, timed, Origin.caller()));
        Stream<?> out = new Stream<>(flow, new Port(step, 0));
        KeyedStream<K, Windowed<R>> down = new KeyedStream<>(flow, new Port(out.op(stepId + "_down", "window_down",
                (item, ctx, o) -> {
                    KeyValue<?, ?> kv = (KeyValue<?, ?>) item;
                    if (kv.value() instanceof Windowed<?> w) {
                        o.push(downValue == null ? kv : new KeyValue<>(kv.key(),
                                new Windowed<>(w.windowId(), downValue.apply(w.value()))));
                    }
                }), 0));
        KeyedStream<K, L> late = new KeyedStream<>(flow, new Port(out.op(stepId + "_late", "window_late",
                (item, ctx, o) -> {
                    KeyValue<?, ?> kv = (KeyValue<?, ?>) item;
                    if (kv.value() instanceof WindowKeyLogic.Late l) {
                        o.push(new KeyValue<>(kv.key(), lateValue == null ? l.value() : lateValue.apply(l.value())));
                    }
                }), 0));
        KeyedStream<K, WindowMeta> meta = new KeyedStream<>(flow, new Port(out.op(stepId + "_meta", "window_meta",
                (item, ctx, o) -> {
                    if (((KeyValue<?, ?>) item).value() instanceof WindowMeta) {
                        o.push(item);
                    }
                }), 0));
        return new WindowOut<>(down, late, meta);
    }

    /** One time spec for a join's sides: each side's clock reads that side's values. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static TimeSpec joinTime(String stepId, Clock<?> left, Clock<?> right) {
        Objects.requireNonNull(left, "clock");
        Objects.requireNonNull(right, "otherClock");
        if ((left instanceof SystemClock) != (right instanceof SystemClock)) {
            throw new DataflowDefinitionException("joinWindow '" + stepId + "': one side has a SystemClock and the"
                    + " other an EventClock; give both sides the same kind of clock");
        }
        TimeSpec a = TimeSpec.of(left);
        TimeSpec b = TimeSpec.of(right);
        if (a.processingTime()) {
            return a;
        }
        long idle = a.idleMillis() < 0 ? b.idleMillis() : b.idleMillis() < 0 ? a.idleMillis()
                : Math.min(a.idleMillis(), b.idleMillis());
        return new TimeSpec(v -> {
            JoinLogic.Tagged t = (JoinLogic.Tagged) v;
            return (t.side() == 0 ? a : b).timestamp().applyAsLong(t.value());
        }, Math.max(a.maxDelayMillis(), b.maxDelayMillis()), idle, a.wallAdvance() || b.wallAdvance(), null, 0);
    }
}
