package dev.flowstate.recovery.spi;

import java.util.Objects;

/**
 * A backend failure, classified. The protocol layer turns it into the one-line message users see (the same text
 * whatever the backend), so a backend only says <em>what kind</em> of failure it is, <em>where</em> (the file,
 * object, topic or broker involved) and a short detail; it keeps the driver's exception as the cause.
 */
public class RecoveryBackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, from the user's point of view. */
    public enum Kind {
        /** Nothing was ever initialized at the location (no store, or an init that never completed its commit). */
        NOT_INITIALIZED,
        /** {@code init} found a complete store already there. */
        ALREADY_INITIALIZED,
        /** {@code init} found the location in use by something that is not a (partial) Flowstate store. */
        NOT_EMPTY,
        /** The location holds something that is not a Flowstate store, or parts of different stores mixed. */
        FOREIGN,
        /** The store's own structure is damaged (a missing partition, unreadable metadata, a corrupt file). */
        DAMAGED,
        /** The storage service cannot be reached (connection refused, unknown host, timeout, bucket missing). */
        UNREACHABLE,
        /** No space left on the device or quota exceeded. */
        DISK_FULL,
        /** The store or its file system / bucket is read-only. */
        READ_ONLY,
        /** The process lacks permission (file mode, ACL, IAM, Kafka ACL). */
        PERMISSION_DENIED,
        /** The store name or an option is invalid for this backend. */
        INVALID,
        /**
         * The run lock was lost while held (a lease expired, the process was fenced by a newer holder): the
         * execution must stop writing at once.
         */
        LOCK_LOST,
        /** Any other I/O failure. */
        IO
    }

    private final Kind kind;
    private final String where;
    private final String detail;

    /**
     * @param kind   the kind of failure
     * @param where  the file, object, topic or broker involved (non-null, may be the store location itself)
     * @param detail a short lower-case phrase saying what happened, without the location (non-null)
     * @param cause  the underlying exception, or null
     */
    public RecoveryBackendException(Kind kind, String where, String detail, Throwable cause) {
        super(kind + " at " + where + ": " + detail, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.where = Objects.requireNonNull(where, "where");
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    public RecoveryBackendException(Kind kind, String where, String detail) {
        this(kind, where, detail, null);
    }

    public Kind kind() {
        return kind;
    }

    public String where() {
        return where;
    }

    public String detail() {
        return detail;
    }
}
