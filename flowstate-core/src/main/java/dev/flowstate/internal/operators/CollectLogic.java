package dev.flowstate.internal.operators;

import dev.flowstate.internal.runtime.ProcessingTime;
import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.internal.state.StateEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Gathers values into a list, emitted when it is full, when the timeout since its first value passed, or at EOF. */
public final class CollectLogic<V> extends StateEntry<V, List<V>, CollectLogic.State<V>> {

    /** Saved form: the values so far and when the list is due. */
    public record State<V>(ArrayList<V> values, Instant due) {
    }

    private final int maxSize;
    private final Duration timeout;
    private ArrayList<V> values;
    private Instant due;

    public CollectLogic(State<V> resume, int maxSize, Duration timeout) {
        this.maxSize = maxSize;
        this.timeout = timeout;
        this.values = resume == null ? new ArrayList<>() : new ArrayList<>(resume.values());
        this.due = resume == null ? null : resume.due();
    }

    @Override
    public StateAction onItem(V value, Emitter<? super List<V>> out) {
        if (values.isEmpty()) {
            due = ProcessingTime.now().plus(timeout);
        }
        values.add(value);
        return values.size() >= maxSize ? flush(out) : StateAction.KEEP;
    }

    @Override
    public StateAction onNotify(Instant now, Emitter<? super List<V>> out) {
        return flush(out);
    }

    @Override
    public StateAction onEof(Emitter<? super List<V>> out) {
        return flush(out);
    }

    private StateAction flush(Emitter<? super List<V>> out) {
        if (!values.isEmpty()) {
            out.emit(values);
        }
        values = new ArrayList<>();
        due = null;
        return StateAction.DISCARD;
    }

    @Override
    public Instant notifyAt() {
        return due;
    }

    @Override
    public State<V> snapshot() {
        return new State<>(new ArrayList<>(values), due);
    }
}
