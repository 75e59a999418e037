package dev.flowstate.recovery.spi;

import java.util.Objects;

/**
 * One saved row: the state of one key of one step as of the end of {@code epoch}. Backends store every field
 * verbatim and return them unchanged; they never compute or check {@code checksum} (the protocol layer does, over
 * all other fields, and refuses a row whose checksum does not match).
 *
 * <p>Source and sink partition states are rows too: their key is the partition name in UTF-8 and their route hash 0.
 *
 * @param stepId    the step's id (non-null)
 * @param key       the serialized key (non-null; compare with {@link java.util.Arrays#equals(byte[], byte[])})
 * @param epoch     the epoch the row was taken at, at least 1
 * @param routeHash non-negative stable hash of the key; a key belongs to worker {@code routeHash % workerCount}
 * @param state     the serialized state, or null for a tombstone (the key has no state any more)
 * @param checksum  the protocol's checksum of this row
 */
public record StoredRow(String stepId, byte[] key, long epoch, int routeHash, byte[] state, int checksum) {
    public StoredRow {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(key, "key");
    }

    /** Whether this row is a tombstone. */
    public boolean isTombstone() {
        return state == null;
    }
}
