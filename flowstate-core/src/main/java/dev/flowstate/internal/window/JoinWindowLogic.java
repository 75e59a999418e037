package dev.flowstate.internal.window;

import dev.flowstate.Emitter;
import dev.flowstate.Mode;
import dev.flowstate.WindowLogic;
import dev.flowstate.internal.operators.JoinLogic;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Joins the sides of one window, with the modes of {@code join}. Values are kept with their timestamps, and FIRST
 * and LAST mean earliest and latest in event time, so a window's final rows do not depend on which side arrived
 * first (Bytewax #406); rows list each side's values in timestamp order.
 */
public final class JoinWindowLogic implements WindowLogic<JoinLogic.Tagged, List<Object>, ArrayList<ArrayList<TimedValue>>> {
    private final Mode.Insert insert;
    private final Mode.Emit emit;
    private final ArrayList<ArrayList<TimedValue>> sides;

    private JoinWindowLogic(ArrayList<ArrayList<TimedValue>> resume, int sideCount, Mode.Insert insert, Mode.Emit emit) {
        this.insert = insert;
        this.emit = emit;
        this.sides = new ArrayList<>();
        for (int i = 0; i < sideCount; i++) {
            sides.add(resume == null ? new ArrayList<>() : new ArrayList<>(resume.get(i)));
        }
    }

    public static Builder<JoinLogic.Tagged, List<Object>, ArrayList<ArrayList<TimedValue>>> builder(
            int sideCount, Mode.Insert insert, Mode.Emit emit) {
        return resume -> new JoinWindowLogic(resume, sideCount, insert, emit);
    }

    @Override
    public void onValue(JoinLogic.Tagged tagged, Instant timestamp, Emitter<? super List<Object>> out) {
        insert(sides.get(tagged.side()), new TimedValue(timestamp.toEpochMilli(), tagged.value()));
        switch (emit) {
            case RUNNING -> emitRows(out);
            case COMPLETE -> {
                if (sides.stream().noneMatch(List::isEmpty)) {
                    emitRows(out);
                    sides.forEach(List::clear);
                }
            }
            default -> {
            }
        }
    }

    private void insert(ArrayList<TimedValue> side, TimedValue v) {
        switch (insert) {
            case FIRST -> {
                if (side.isEmpty() || v.ts() < side.get(0).ts()) {
                    side.clear();
                    side.add(v);
                }
            }
            case LAST -> {
                if (side.isEmpty() || v.ts() >= side.get(0).ts()) {
                    side.clear();
                    side.add(v);
                }
            }
            case PRODUCT -> side.add(v);
        }
    }

    @Override
    public void onMerge(ArrayList<ArrayList<TimedValue>> other) {
        for (int i = 0; i < sides.size(); i++) {
            for (TimedValue v : other.get(i)) {
                insert(sides.get(i), v);
            }
        }
    }

    @Override
    public void onClose(Emitter<? super List<Object>> out) {
        if (emit == Mode.Emit.FINAL && sides.stream().anyMatch(s -> !s.isEmpty())) {
            emitRows(out);
        }
    }

    private void emitRows(Emitter<? super List<Object>> out) {
        for (ArrayList<TimedValue> side : sides) {
            side.sort(Comparator.comparingLong(TimedValue::ts));
        }
        emitRows(0, new Object[sides.size()], out);
    }

    private void emitRows(int i, Object[] row, Emitter<? super List<Object>> out) {
        if (i == sides.size()) {
            out.emit(Arrays.asList(row.clone()));
            return;
        }
        List<TimedValue> side = sides.get(i);
        if (side.isEmpty()) {
            row[i] = null;
            emitRows(i + 1, row, out);
            return;
        }
        for (TimedValue v : side) {
            row[i] = v.value();
            emitRows(i + 1, row, out);
        }
    }

    @Override
    public ArrayList<ArrayList<TimedValue>> snapshot() {
        ArrayList<ArrayList<TimedValue>> copy = new ArrayList<>();
        for (ArrayList<TimedValue> s : sides) {
            copy.add(new ArrayList<>(s));
        }
        return copy;
    }
}
