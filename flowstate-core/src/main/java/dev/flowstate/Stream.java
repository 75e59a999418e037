package dev.flowstate;

import dev.flowstate.internal.plan.ItemOp;
import dev.flowstate.internal.plan.Port;
import dev.flowstate.internal.plan.StepSpec;
import dev.flowstate.io.Sink;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A typed stream of items inside a {@link Dataflow}. Each method adds one step with the given id and returns the
 * step's output; streams are immutable handles, so one stream may feed several steps (each sees every item).
 * Functions passed here run on worker threads, possibly several at once (one instance per step is shared by all
 * workers), so they must be thread-safe; keep per-key state in the stateful operators of {@link KeyedStream}.
 *
 * @param <T> item type
 */
public class Stream<T> {
    final Dataflow flow;
    final Port port;

    Stream(Dataflow flow, StepSpec step) {
        this(flow, new Port(step, 0));
    }

    Stream(Dataflow flow, Port port) {
        this.flow = flow;
        this.port = port;
    }

    /** The id of the step producing this stream. */
    public String stepId() {
        return port.step().id();
    }

    /** Transforms each item. A null result is an error; use {@link #filterMap} to drop items. */
    public <R> Stream<R> map(String stepId, Function<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new Stream<>(flow, op(stepId, "map", (item, ctx, out) -> out.push(requireResult(mapper.apply(cast(item))))));
    }

    /** Keeps the items for which the predicate holds. */
    public Stream<T> filter(String stepId, Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new Stream<>(flow, op(stepId, "filter", (item, ctx, out) -> {
            if (predicate.test(cast(item))) {
                out.push(item);
            }
        }));
    }

    /** Transforms each item into zero or more items. */
    public <R> Stream<R> flatMap(String stepId, Function<? super T, ? extends Iterable<? extends R>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new Stream<>(flow, op(stepId, "flat_map", (item, ctx, out) -> {
            for (R r : mapper.apply(cast(item))) {
                out.push(r);
            }
        }));
    }

    /** Transforms each item, dropping it where the mapper returns null. */
    public <R> Stream<R> filterMap(String stepId, Function<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new Stream<>(flow, op(stepId, "filter_map", (item, ctx, out) -> {
            R r = mapper.apply(cast(item));
            if (r != null) {
                out.push(r);
            }
        }));
    }

    /** Calls {@code observer} with each item and passes the item on unchanged. */
    public Stream<T> inspect(String stepId, Consumer<? super T> observer) {
        Objects.requireNonNull(observer, "observer");
        return new Stream<>(flow, op(stepId, "inspect", (item, ctx, out) -> {
            observer.accept(cast(item));
            out.push(item);
        }));
    }

    /** Like {@link #inspect}, but also tells the observer the epoch and the worker that saw the item. */
    public Stream<T> inspectDebug(String stepId, DebugObserver<? super T> observer) {
        Objects.requireNonNull(observer, "observer");
        return new Stream<>(flow, op(stepId, "inspect_debug", (item, ctx, out) -> {
            observer.observe(ctx.stepId(), cast(item), ctx.epoch(), ctx.workerIndex());
            out.push(item);
        }));
    }

    /** Prints {@code stepId W<worker> @<epoch>: item} to standard output for each item. */
    public Stream<T> inspectDebug(String stepId) {
        return inspectDebug(stepId, (step, item, epoch, worker) ->
                System.out.println(step + " W" + worker + " @" + epoch + ": " + item));
    }

    /** Makes a keyed stream: each item becomes the value of the key {@code keyFn} gives it (never null). */
    public <K> KeyedStream<K, T> keyOn(String stepId, Function<? super T, ? extends K> keyFn) {
        Objects.requireNonNull(keyFn, "keyFn");
        return new KeyedStream<>(flow, new Port(op(stepId, "key_on", (item, ctx, out) -> {
            K key = keyFn.apply(cast(item));
            if (key == null) {
                throw new NullPointerException("key function returned null for item " + item);
            }
            out.push(new KeyValue<>(key, item));
        }), 0));
    }

    /** Splits this stream in two by a predicate. */
    public Branched<T> branch(String stepId, Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        @SuppressWarnings("unchecked")
        Predicate<Object> p = (Predicate<Object>) predicate;
        StepSpec step = flow.add(new StepSpec.Branch(Dataflow.checkId(stepId, "step id"), flow.own(this), p, Origin.caller()));
        return new Branched<>(new Stream<>(flow, new Port(step, 0)), new Stream<>(flow, new Port(step, 1)));
    }

    /** Interleaves this stream with others. */
    @SafeVarargs
    public final Stream<T> merge(String stepId, Stream<? extends T>... others) {
        java.util.List<Stream<? extends T>> all = new java.util.ArrayList<>();
        all.add(this);
        all.addAll(java.util.Arrays.asList(others));
        return flow.merge(stepId, all);
    }

    /** Spreads items evenly over all workers, e.g. after a source with fewer partitions than workers. */
    public Stream<T> redistribute(String stepId) {
        return new Stream<>(flow, flow.add(new StepSpec.Redistribute(Dataflow.checkId(stepId, "step id"), flow.own(this), Origin.caller())));
    }

    /** Writes this stream to a sink. */
    public void output(String stepId, Sink<? super T> sink) {
        Objects.requireNonNull(sink, "sink");
        flow.add(new StepSpec.Output(Dataflow.checkId(stepId, "step id"), flow.own(this), sink, Origin.caller()));
    }

    StepSpec op(String stepId, String kind, ItemOp op) {
        return flow.add(new StepSpec.Op(Dataflow.checkId(stepId, "step id"), kind, flow.own(this), op, Origin.caller()));
    }

    @SuppressWarnings("unchecked")
    static <X> X cast(Object o) {
        return (X) o;
    }

    private static Object requireResult(Object r) {
        if (r == null) {
            throw new NullPointerException("mapper returned null; use filterMap to drop items");
        }
        return r;
    }

    /** The two outputs of {@link #branch}. */
    public record Branched<T>(Stream<T> trues, Stream<T> falses) {
    }

    /** Observer of {@link #inspectDebug(String, DebugObserver)}. */
    @FunctionalInterface
    public interface DebugObserver<T> {
        void observe(String stepId, T item, long epoch, int workerIndex);
    }
}
