package dev.flowstate.bench.nexmark;

/**
 * The row hash and checksum of NEXMARK.md §2, bit for bit. A row hash starts from the tag, folds in each field with
 * {@link #mix64} (a string as its sign-extended {@link String#hashCode()}), and keeps the low 61 bits. The checksum
 * of a query is the sum of its row hashes mod 2^61: order-independent, so any partitioning gives the same value,
 * and duplicated or missing rows change it.
 *
 * <p>Used as {@code RowHash.finish(RowHash.field(RowHash.field(tag, a), b))}; the static form allocates nothing.
 */
public final class RowHash {
    /** 2^61 - 1: the mask of a row hash and the modulus of a checksum. */
    public static final long MASK = (1L << 61) - 1;

    private RowHash() {
    }

    /** Folds an integer field into the running hash {@code h}. */
    public static long field(long h, long value) {
        return mix64(h ^ value);
    }

    /** Folds a string field into the running hash {@code h}. */
    public static long field(long h, String value) {
        return mix64(h ^ (long) value.hashCode());
    }

    /** The row hash from the running hash after the last field. */
    public static long finish(long h) {
        return h & MASK;
    }

    /** Reduces a sum of row hashes (wrapping mod 2^64, which 2^61 divides) to the checksum. */
    public static long checksum(long sumOfRowHashes) {
        return sumOfRowHashes & MASK;
    }

    /** SplitMix64's finalizer (NEXMARK.md §1.3, the three lines after {@code z = s}). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
