package dev.flowstate.internal.operators;

import dev.flowstate.StateAction;
import dev.flowstate.StateAndValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapper sees the state it returned, whatever its type, including the unboxed Long and Integer states. */
class StatefulMapLogicTest {

    @Test
    void aStateChangingTypeFromItemToItem_isHandedBackAsReturned() {
        List<Object> seen = new ArrayList<>();
        // Each item names the next state's type: l = Long, i = Integer, s = String, n = null (discard).
        StatefulMapLogic<String, Object, Object> logic = new StatefulMapLogic<>(5L, (state, item) -> {
            seen.add(state);
            Object next = switch (item) {
                case "l" -> Long.MAX_VALUE - seen.size();
                case "i" -> Integer.MIN_VALUE + seen.size();
                case "s" -> "text" + seen.size();
                default -> null;
            };
            return StateAndValue.of(next, item);
        }, false);
        List<Object> out = new ArrayList<>();

        assertThat(logic.onItem("l", out::add)).isEqualTo(StateAction.KEEP);
        assertThat(logic.snapshot()).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(logic.onItem("i", out::add)).isEqualTo(StateAction.KEEP);
        assertThat(logic.snapshot()).isEqualTo(Integer.MIN_VALUE + 2);
        assertThat(logic.onItem("s", out::add)).isEqualTo(StateAction.KEEP);
        assertThat(logic.snapshot()).isEqualTo("text3");
        assertThat(logic.onItem("l", out::add)).isEqualTo(StateAction.KEEP);
        assertThat(logic.onItem("n", out::add)).isEqualTo(StateAction.DISCARD);

        assertThat(seen).containsExactly(5L, Long.MAX_VALUE - 1, Integer.MIN_VALUE + 2, "text3", Long.MAX_VALUE - 4);
        assertThat(seen.get(2)).isInstanceOf(Integer.class);
        assertThat(out).containsExactly("l", "i", "s", "l", "n");
        assertThat(logic.snapshot()).isNull();
    }

    @Test
    void aNullInitialState_reachesTheMapperAsNull() {
        List<Object> seen = new ArrayList<>();
        StatefulMapLogic<String, Object, Long> logic = new StatefulMapLogic<>(null, (state, item) -> {
            seen.add(state);
            return StateAndValue.of(state == null ? 1L : state + 1, state);
        }, false);
        logic.onItem("a", x -> { });
        logic.onItem("b", x -> { });
        assertThat(seen).containsExactly(null, 1L);
        assertThat(logic.snapshot()).isEqualTo(2L);
    }
}
