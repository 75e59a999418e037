package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.StoredRow;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Puts rows into the primary-key order of the snapshots table, (step id, key, epoch), before they are inserted:
 * in that order inserts walk the b-tree left to right instead of jumping around in it (in a JDBC microbenchmark,
 * 3.8 µs instead of 5.2 µs of CPU per row on 100,000 keys).
 *
 * <p>A comparator sort alone cost about 1 µs per row, chasing every row's key array for each of its ~17
 * comparisons. Rows of one step are therefore first ordered by 8 bytes of their keys packed into {@code long}s (a
 * primitive sort, no pointer chasing), taken after the bytes all keys share (encoded keys start with a type tag
 * and a length); a comparator sort then only has to put right the rows whose packed bytes tie, which on nearly
 * sorted input takes about one comparison per row. The result is exactly the comparator's order either way.
 */
final class PrimaryKeyOrder {
    static final Comparator<StoredRow> ROW_ORDER = (a, b) -> {
        int c = compareKeys(a.stepId(), a.key(), b.stepId(), b.key());
        return c != 0 ? c : Long.compare(a.epoch(), b.epoch());
    };

    /** The order of (step id, key) in the primary key: step ids as strings, then keys as unsigned bytes. */
    static int compareKeys(String stepA, byte[] keyA, String stepB, byte[] keyB) {
        // step ids of one write are mostly the same instance, hence the == test first
        int c = stepA == stepB ? 0 : stepA.compareTo(stepB);
        return c != 0 ? c : Arrays.compareUnsigned(keyA, keyB);
    }

    /** Below this many rows the comparator sort alone is as fast. */
    private static final int PACKED_FROM = 64;

    private PrimaryKeyOrder() {
    }

    /** Sorts {@code rows} in place into {@link #ROW_ORDER}. */
    static void sort(List<StoredRow> rows) {
        int n = rows.size();
        if (n < PACKED_FROM || !oneStep(rows)) {
            rows.sort(ROW_ORDER);
            return;
        }
        int shared = sharedPrefix(rows);
        int indexBits = 32 - Integer.numberOfLeadingZeros(n - 1);
        long prefixMask = -1L << indexBits;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            // The sign flip makes a signed sort of the packed values an unsigned sort of the key prefixes; the low
            // bits hold the row's index instead of the prefix's last bits, whose rows then tie.
            packed[i] = ((eightBytes(rows.get(i).key(), shared) ^ Long.MIN_VALUE) & prefixMask) | i;
        }
        Arrays.sort(packed);
        StoredRow[] ordered = new StoredRow[n];
        for (int i = 0; i < n; i++) {
            ordered[i] = rows.get((int) (packed[i] & ~prefixMask));
        }
        Arrays.sort(ordered, ROW_ORDER);
        for (int i = 0; i < n; i++) {
            rows.set(i, ordered[i]);
        }
    }

    private static boolean oneStep(List<StoredRow> rows) {
        String step = rows.get(0).stepId();
        for (StoredRow r : rows) {
            if (r.stepId() != step && !r.stepId().equals(step)) {
                return false;
            }
        }
        return true;
    }

    /** How many leading bytes every row's key has in common (ordering by the rest orders by the whole). */
    private static int sharedPrefix(List<StoredRow> rows) {
        byte[] first = rows.get(0).key();
        int shared = first.length;
        for (int i = 1; i < rows.size() && shared > 0; i++) {
            byte[] key = rows.get(i).key();
            int m = Arrays.mismatch(first, 0, shared, key, 0, Math.min(shared, key.length));
            if (m >= 0) {
                shared = m;
            } else if (key.length < shared) {
                shared = key.length;
            }
        }
        return shared;
    }

    /** Bytes {@code from .. from+7} of the key, big-endian, zero-padded past its end. */
    static long eightBytes(byte[] key, int from) {
        long p = 0;
        int end = Math.min(from + 8, key.length);
        for (int i = from; i < end; i++) {
            p |= (key[i] & 0xFFL) << (56 - 8 * (i - from));
        }
        return p;
    }
}
