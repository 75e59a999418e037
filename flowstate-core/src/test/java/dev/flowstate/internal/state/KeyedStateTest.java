package dev.flowstate.internal.state;

import dev.flowstate.internal.operators.FoldFinalLogic;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.internal.serde.KeyCodec;
import dev.flowstate.internal.serde.KryoSerde;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedStateTest {
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StateEntry<Object, Object, Object> counter(long start) {
        return (StateEntry) new FoldFinalLogic<Object, Long>(start, (n, v) -> n + 1);
    }

    @Test
    void snapshotsTouchedKeysOnly_withTombstonesForDiscardedOnes_andTheNewStateForRecreatedOnes() {
        KeyedState state = new KeyedState("count", true, null);
        StateEntry<Object, Object, Object> kept = state.create("kept", counter(5));
        StateEntry<Object, Object, Object> gone = state.create("gone", counter(1));
        StateEntry<Object, Object, Object> reborn = state.create("reborn", counter(2));
        state.create("untouched", counter(9));
        state.touch(kept, 1);
        state.touch(gone, 1);
        state.discard(gone);
        state.touch(reborn, 1);
        state.discard(reborn);
        state.touch(state.create("reborn", counter(7)), 1);

        List<SnapshotRow> rows = new ArrayList<>();
        state.drainSnapshot(rows);

        assertThat(rows).allSatisfy(r -> assertThat(r.stepId()).isEqualTo("count"));
        assertThat(rows).extracting(r -> KeyCodec.decode(r.key())).doesNotContain("untouched");
        assertThat(stateOf(rows, "kept")).containsOnly(5L);
        assertThat(stateOf(rows, "gone")).containsOnly((Object) null);
        assertThat(stateOf(rows, "reborn")).as("every row of a re-created key holds its new state").containsOnly(7L);

        List<SnapshotRow> next = new ArrayList<>();
        state.drainSnapshot(next);
        assertThat(next).as("nothing touched since the last snapshot").isEmpty();
    }

    private static List<Object> stateOf(List<SnapshotRow> rows, String key) {
        List<Object> states = new ArrayList<>();
        for (SnapshotRow r : rows) {
            if (key.equals(KeyCodec.decode(r.key()))) {
                // a saved state is a flag byte (onEof done) and the serialized state
                states.add(r.state() == null ? null : KryoSerde.INSTANCE.fromBytes(Arrays.copyOfRange(r.state(), 1, r.state().length)));
            }
        }
        assertThat(states).as("rows of " + key).isNotEmpty();
        return states;
    }
}
