package dev.flowstate.bench.nexmark;

/**
 * Accumulates NEXMARK.md §2 over rows: the row count and the sum of row hashes. Not thread-safe; the dataflows use
 * one per sink writer and add them up.
 */
final class Checksum {
    private long count;
    private long sum;

    void add(Row row) {
        count++;
        sum += row.rowHash();
    }

    long count() {
        return count;
    }

    /** The checksum: the sum of row hashes mod 2^61. */
    long checksum() {
        return RowHash.checksum(sum);
    }
}
