package dev.flowstate.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link KeyTable} against {@link HashMap} on random puts, replaces and removes, with colliding hashes. */
class KeyTableTest {
    /** A key whose hash is chosen, so that runs of probes, collisions and wrap-around are common. */
    private record Key(int id, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.id == id;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomOperations_matchHashMap(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int universe = 1 + random.nextInt(3000);
        int hashes = 1 + random.nextInt(universe); // few distinct hashes: many collisions
        Key[] keys = new Key[universe];
        for (int i = 0; i < universe; i++) {
            keys[i] = new Key(i, seed % 2 == 0 ? random.nextInt(hashes) : ("k" + random.nextInt(hashes)).hashCode());
        }
        KeyTable<String> table = new KeyTable<>();
        Map<Key, String> model = new HashMap<>();
        for (int op = 0; op < 20_000; op++) {
            Key k = keys[random.nextInt(universe)];
            if (random.nextInt(3) == 0) {
                table.remove(new Key(k.id, k.hash)); // an equal key, not the same instance
                model.remove(k);
            } else {
                String v = "v" + op;
                table.put(k, v);
                model.put(k, v);
            }
            if (op % 997 == 0 || op == 19_999) {
                assertThat(table.size()).isEqualTo(model.size());
                for (Key each : keys) {
                    assertThat(table.get(each)).as("seed %d op %d key %s", seed, op, each).isEqualTo(model.get(each));
                }
                assertThat(table.values()).containsExactlyInAnyOrderElementsOf(model.values());
            }
        }
    }
}
