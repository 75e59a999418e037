package dev.flowstate.bench.nexmark;

import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.TimeDomain;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one {@link StatefulLogic} per key on the calling thread, with event-time timers fired as the test advances
 * the watermark (a timer fires once the watermark reaches its time), then at end of input every timer and
 * {@code onEof}: the engine's contract, without the engine, to check the queries' logics in isolation.
 */
final class LogicDriver<K, V, R> {
    private final Function<V, K> key;
    private final StatefulLogic.Builder<V, R, ?> builder;
    private final Consumer<R> out;
    private final Map<K, StatefulLogic<V, R, ?>> logics = new HashMap<>();

    private LogicDriver(Function<V, K> key, StatefulLogic.Builder<V, R, ?> builder, Consumer<R> out) {
        this.key = key;
        this.builder = builder;
        this.out = out;
    }

    static <K, V, R, S> LogicDriver<K, V, R> of(Function<V, K> key, StatefulLogic.Builder<V, R, S> builder,
                                                Consumer<R> out) {
        return new LogicDriver<>(key, builder, out);
    }

    void item(V value) {
        K k = key.apply(value);
        StatefulLogic<V, R, ?> logic = logics.computeIfAbsent(k, x -> builder.build(null));
        if (logic.onItem(value, out::accept) == StateAction.DISCARD) {
            logics.remove(k);
        }
    }

    /** Fires every timer at or before {@code watermark}, earliest first. */
    void advance(long watermark) {
        while (true) {
            K due = null;
            long dueAt = Long.MAX_VALUE;
            for (Map.Entry<K, StatefulLogic<V, R, ?>> e : logics.entrySet()) {
                Instant at = e.getValue().notifyAtEventTime();
                if (at != null && at.toEpochMilli() <= watermark && at.toEpochMilli() < dueAt) {
                    due = e.getKey();
                    dueAt = at.toEpochMilli();
                }
            }
            if (due == null) {
                return;
            }
            if (logics.get(due).onNotify(Instant.ofEpochMilli(dueAt), TimeDomain.EVENT, out::accept)
                    == StateAction.DISCARD) {
                logics.remove(due);
            }
        }
    }

    void eof() {
        advance(Long.MAX_VALUE);
        for (K k : List.copyOf(logics.keySet())) {
            logics.remove(k).onEof(out::accept);
        }
    }

    int keys() {
        return logics.size();
    }
}
