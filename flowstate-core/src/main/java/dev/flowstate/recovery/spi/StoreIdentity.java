package dev.flowstate.recovery.spi;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The store's identity record, written by {@link RecoveryBackendProvider#init} and updated by
 * {@link RecoveryBackend#startExecution}. Backends keep it verbatim (for example as a metadata table, a compacted
 * topic's single key, or one small object) and return it unchanged from {@link RecoveryBackend#readIdentity}. The
 * protocol layer checks it before anything else is read or written.
 *
 * @param formatVersion the protocol's store format version; a backend must return it even for stores of other
 *                      versions (so the protocol can refuse them with a useful message), and must not fail to read
 *                      an identity only because its version is unknown
 * @param storeId       a random id given at init
 * @param createdAt     ISO-8601 instant of init
 * @param partitions    how many partitions (files, topic partitions, ...) the store spreads rows over; fixed at init
 * @param dataflow      the name of the dataflow that owns the store, or null before the first execution
 * @param steps         step id to kind ({@code state}, {@code source}, {@code sink}) of every step that ever saved
 *                      into the store; empty before the first execution
 */
public record StoreIdentity(int formatVersion, String storeId, String createdAt, int partitions, String dataflow,
                            Map<String, String> steps) {
    public StoreIdentity {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(createdAt, "createdAt");
        steps = java.util.Collections.unmodifiableMap(new TreeMap<>(steps));
    }

    /** The same identity owned by {@code dataflow} with {@code steps}. */
    public StoreIdentity withOwner(String dataflow, Map<String, String> steps) {
        return new StoreIdentity(formatVersion, storeId, createdAt, partitions, dataflow, steps);
    }
}
