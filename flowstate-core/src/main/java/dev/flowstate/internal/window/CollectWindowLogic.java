package dev.flowstate.internal.window;

import dev.flowstate.Emitter;
import dev.flowstate.WindowLogic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Gathers a window's values and emits them on close as one list in timestamp order (ties in arrival order). */
public final class CollectWindowLogic<V> implements WindowLogic<V, List<V>, ArrayList<TimedValue>> {
    private final ArrayList<TimedValue> values;

    private CollectWindowLogic(ArrayList<TimedValue> values) {
        this.values = values;
    }

    public static <V> Builder<V, List<V>, ArrayList<TimedValue>> builder() {
        return resume -> new CollectWindowLogic<>(resume == null ? new ArrayList<>() : new ArrayList<>(resume));
    }

    @Override
    public void onValue(V value, Instant timestamp, Emitter<? super List<V>> out) {
        values.add(new TimedValue(timestamp.toEpochMilli(), value));
    }

    @Override
    public void onMerge(ArrayList<TimedValue> other) {
        values.addAll(other);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onClose(Emitter<? super List<V>> out) {
        values.sort(Comparator.comparingLong(TimedValue::ts));
        List<V> list = new ArrayList<>(values.size());
        for (TimedValue t : values) {
            list.add((V) t.value());
        }
        out.emit(list);
    }

    @Override
    public ArrayList<TimedValue> snapshot() {
        return values;
    }
}
