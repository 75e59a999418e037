package dev.flowstate.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowstate.recovery.spi.StoredRow;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packed sort gives exactly the comparator's order, on keys made to tie in their packed bytes: short keys, keys
 * that are prefixes of others, bytes 0 and 0xFF, and keys that all share a header.
 */
class PrimaryKeyOrderTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 63, 64, 65, 1000, 70_000})
    void sort_equalsTheComparatorSort(int n) {
        SplittableRandom random = new SplittableRandom(n);
        for (int round = 0; round < 5; round++) {
            boolean oneStep = round % 2 == 0;
            List<StoredRow> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String step = oneStep ? "count" : "s" + random.nextInt(3);
                byte[] key = key(random);
                if (round >= 3) {
                    // a header every key shares, as encoded keys have (type tag, length), then the random tail
                    byte[] withHeader = new byte[5 + key.length];
                    withHeader[4] = 6;
                    System.arraycopy(key, 0, withHeader, 5, key.length);
                    key = withHeader;
                }
                rows.add(new StoredRow(step, key, random.nextInt(4), 0, null, 0));
            }
            List<StoredRow> expected = new ArrayList<>(rows);
            expected.sort(PrimaryKeyOrder.ROW_ORDER);
            PrimaryKeyOrder.sort(rows);
            assertThat(rows).containsExactlyElementsOf(expected);
        }
    }

    /** Keys of 0 to 12 bytes from a small alphabet (including 0 and 0xFF), so prefixes often tie. */
    private static byte[] key(SplittableRandom random) {
        byte[] key = new byte[random.nextInt(13)];
        byte[] alphabet = {0, 1, 'k', (byte) 0x7F, (byte) 0x80, (byte) 0xFF};
        for (int i = 0; i < key.length; i++) {
            key[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return key;
    }
}
