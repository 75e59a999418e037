package dev.flowstate.internal.recovery;

/**
 * A recovery store that cannot be opened or used as asked: not initialized, a partition file missing or foreign,
 * partitions of different stores mixed, a format version this build does not read, a step change that would drop
 * saved state, or an SQLite failure. The message says what is wrong, which file, and what to do.
 */
public class RecoveryStoreException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public RecoveryStoreException(String message) {
        super(message);
    }

    public RecoveryStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
