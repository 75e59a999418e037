package dev.flowstate.bench.nexmark;

/**
 * An output row of a Nexmark query (NEXMARK.md §2): a tag and an ordered list of integer and string fields, reduced
 * to its {@link #rowHash()}. Two engines agree on a query when the multiset of row hashes agrees, which the
 * checksum (their sum mod 2^61) and the row count stand for.
 */
public interface Row {

    /** This row's hash, in {@code [0, 2^61)}; see {@link RowHash}. */
    long rowHash();
}
