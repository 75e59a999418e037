package dev.flowstate.recovery.spi;

/**
 * Makes {@link RecoveryBackend}s for one URI scheme. Found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/dev.flowstate.recovery.spi.RecoveryBackendProvider}. Must have a public
 * no-argument constructor and be cheap to construct (connect nothing until {@link #open} or {@link #init}).
 */
public interface RecoveryBackendProvider {

    /** The scheme served, lower case: {@code file} (plain paths), {@code kafka}, {@code s3}, ... */
    String scheme();

    /**
     * A short phrase naming the backend for messages and {@code recovery inspect}, e.g. {@code "SQLite files"}.
     */
    String description();

    /**
     * Creates an empty store at {@code location} whose identity is {@code identity} (no dataflow, no steps yet).
     *
     * <p><b>Atomicity.</b> Either the store is complete (every partition, the identity record readable by
     * {@link RecoveryBackend#readIdentity}) or, to any later {@link #open}, the location is not initialized
     * ({@link RecoveryBackendException.Kind#NOT_INITIALIZED}): the identity record is written last, as the commit
     * point. If the process is killed at any moment, calling {@code init} again must succeed: it completes or
     * removes what an earlier, interrupted {@code init} left (it must not refuse its leftovers as
     * {@link RecoveryBackendException.Kind#NOT_EMPTY}). Durable when it returns.
     *
     * @param partitions how many partitions to spread rows over (at least 1); a backend may cap or ignore it and
     *                   records what it used in the identity's {@code partitions}
     * @throws RecoveryBackendException {@code ALREADY_INITIALIZED} if a complete store is there, {@code NOT_EMPTY}
     *                                  if something else is, or the kind of the I/O failure
     */
    void init(StoreLocation location, int partitions, StoreIdentity identity);

    /**
     * Opens the store at {@code location}. Checks only what the backend itself needs (its partitions are all
     * there and belong together), reads no rows and writes nothing; the protocol layer then calls
     * {@link RecoveryBackend#readIdentity} before anything else.
     *
     * @param readOnly the caller will only read (inspect); the backend must then not create, lock or modify
     *                 anything
     * @throws RecoveryBackendException {@code NOT_INITIALIZED}, {@code FOREIGN}, {@code DAMAGED},
     *                                  {@code UNREACHABLE}, {@code INVALID} or the kind of the I/O failure
     */
    RecoveryBackend open(StoreLocation location, boolean readOnly);
}
