package dev.flowstate.internal.operators;

import dev.flowstate.Emitter;
import dev.flowstate.Mode;
import dev.flowstate.StateAction;
import dev.flowstate.internal.state.StateEntry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Joins the sides of a keyed join. The state is one list of values per side: at most one value in FIRST and LAST
 * mode, every value in PRODUCT mode. Rows are the cross product of the sides (a missing side counts as one null).
 */
public final class JoinLogic extends StateEntry<JoinLogic.Tagged, List<Object>, ArrayList<ArrayList<Object>>> {

    /** A value together with the index of the join side it came from. */
    public record Tagged(int side, Object value) {
    }

    private final Mode.Insert insert;
    private final Mode.Emit emit;
    private final ArrayList<ArrayList<Object>> sides;

    public JoinLogic(ArrayList<ArrayList<Object>> resume, int sideCount, Mode.Insert insert, Mode.Emit emit) {
        this.insert = insert;
        this.emit = emit;
        this.sides = new ArrayList<>();
        for (int i = 0; i < sideCount; i++) {
            sides.add(resume == null ? new ArrayList<>() : new ArrayList<>(resume.get(i)));
        }
    }

    @Override
    public StateAction onItem(Tagged tagged, Emitter<? super List<Object>> out) {
        List<Object> side = sides.get(tagged.side());
        switch (insert) {
            case FIRST -> {
                if (side.isEmpty()) {
                    side.add(tagged.value());
                }
            }
            case LAST -> {
                side.clear();
                side.add(tagged.value());
            }
            case PRODUCT -> side.add(tagged.value());
        }
        switch (emit) {
            case RUNNING -> {
                emitRows(out);
                return StateAction.KEEP;
            }
            case COMPLETE -> {
                if (sides.stream().allMatch(s -> !s.isEmpty())) {
                    emitRows(out);
                    return StateAction.DISCARD;
                }
                return StateAction.KEEP;
            }
            default -> {
                return StateAction.KEEP;
            }
        }
    }

    @Override
    public StateAction onEof(Emitter<? super List<Object>> out) {
        if (emit == Mode.Emit.FINAL) {
            emitRows(out);
        }
        return StateAction.DISCARD;
    }

    private void emitRows(Emitter<? super List<Object>> out) {
        emitCrossProduct(sides, out);
    }

    /** Emits the cross product of the sides as rows, one value per side; an empty side counts as one null. */
    public static void emitCrossProduct(List<? extends List<?>> sides, Emitter<? super List<Object>> out) {
        emitRows(sides, 0, new Object[sides.size()], out);
    }

    private static void emitRows(List<? extends List<?>> sides, int i, Object[] row, Emitter<? super List<Object>> out) {
        if (i == sides.size()) {
            out.emit(Arrays.asList(row.clone()));
            return;
        }
        List<?> side = sides.get(i);
        if (side.isEmpty()) {
            row[i] = null;
            emitRows(sides, i + 1, row, out);
            return;
        }
        for (Object v : side) {
            row[i] = v;
            emitRows(sides, i + 1, row, out);
        }
    }

    @Override
    public ArrayList<ArrayList<Object>> snapshot() {
        ArrayList<ArrayList<Object>> copy = new ArrayList<>();
        for (ArrayList<Object> s : sides) {
            copy.add(new ArrayList<>(s));
        }
        return copy;
    }
}
