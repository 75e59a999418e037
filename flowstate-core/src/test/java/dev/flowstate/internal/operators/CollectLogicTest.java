package dev.flowstate.internal.operators;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CollectLogicTest {
    @Test
    void aSnapshotRestoresTheValuesAndTheTimer() {
        CollectLogic<String> logic = new CollectLogic<>(null, 10, Duration.ofMinutes(5));
        List<List<String>> out = new ArrayList<>();
        logic.onItem("a", out::add);
        logic.onItem("b", out::add);
        CollectLogic<String> restored = new CollectLogic<>(logic.snapshot(), 10, Duration.ofMinutes(5));
        assertThat(restored.notifyAt()).isEqualTo(logic.notifyAt()).isNotNull();
        restored.onNotify(restored.notifyAt(), out::add);
        assertThat(out).containsExactly(List.of("a", "b"));
        assertThat(restored.notifyAt()).isNull();
    }
}
