package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * One partition file and its single JDBC connection. All use of the connection goes through {@link #read} or
 * {@link #write}, which hold this partition's lock, so the store's worker threads can share it. Every SQLite
 * failure leaves as a classified {@link RecoveryBackendException} naming the file ({@link #failure}).
 */
final class PartitionDb implements AutoCloseable {
    /** How long a statement waits for another process's lock before failing with SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MS = 30_000;

    /** What a partition file says about itself. {@code dataflow} is null until a first execution recorded it. */
    record Meta(int formatVersion, String storeId, int index, int count, String createdAt, String dataflow) {
    }

    /** Work done on the connection; may throw SQLException. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private PartitionDb(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens an existing file without creating it and without writing to it. Memory-mapped I/O stays off
     * ({@code mmap_size=0}): a mapped page of a file that can no longer be written (disk full, file system
     * remounted read-only) would kill the JVM with SIGBUS instead of returning an error.
     */
    static PartitionDb openExisting(Path file, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setReadOnly(readOnly);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, "0");
        try {
            Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            return new PartitionDb(file, c);
        } catch (SQLException e) {
            throw failure(file, "cannot open", e);
        }
    }

    /** Creates a new partition file with the schema and metadata; the file must not exist. */
    static void create(Path file, String storeId, int index, int count, String createdAt) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setApplicationId(Schema.APPLICATION_ID);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, "0");
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String ddl : Schema.DDL) {
                    s.execute(ddl);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO flowstate_meta (name, value) VALUES (?, ?)")) {
                Map<String, String> meta = Map.of(
                        Schema.META_FORMAT_VERSION, Integer.toString(Schema.FORMAT_VERSION),
                        Schema.META_STORE_ID, storeId,
                        Schema.META_PARTITION_INDEX, Integer.toString(index),
                        Schema.META_PARTITION_COUNT, Integer.toString(count),
                        Schema.META_CREATED_AT, createdAt);
                for (Map.Entry<String, String> e : meta.entrySet()) {
                    p.setString(1, e.getKey());
                    p.setString(2, e.getValue());
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
            // Leave no WAL behind: the file is complete on its own before it is renamed into place.
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        } catch (SQLException e) {
            throw failure(file, "cannot create", e);
        }
    }

    /**
     * Reads the metadata: the file must be SQLite and have our metadata table. Does not judge the format version
     * (the protocol layer does, with advice). Writes nothing.
     */
    Meta readMeta() {
        return read(c -> {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '"
                        + Schema.META_TABLE + "'")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        throw new RecoveryBackendException(Kind.FOREIGN, file.toString(), "an SQLite database but not"
                                + " a Flowstate recovery partition (it has no " + Schema.META_TABLE + " table)");
                    }
                }
                Map<String, String> meta = new HashMap<>();
                try (ResultSet rs = s.executeQuery("SELECT name, value FROM " + Schema.META_TABLE)) {
                    while (rs.next()) {
                        meta.put(rs.getString(1), rs.getString(2));
                    }
                }
                String storeId = meta.get(Schema.META_STORE_ID);
                if (storeId == null || storeId.isEmpty()) {
                    throw new RecoveryBackendException(Kind.DAMAGED, file.toString(), "its metadata has no "
                            + Schema.META_STORE_ID);
                }
                return new Meta(intMeta(meta, Schema.META_FORMAT_VERSION), storeId,
                        intMeta(meta, Schema.META_PARTITION_INDEX), intMeta(meta, Schema.META_PARTITION_COUNT),
                        meta.getOrDefault(Schema.META_CREATED_AT, ""), meta.get(Schema.META_DATAFLOW));
            }
        });
    }

    private int intMeta(Map<String, String> meta, String name) {
        String v = meta.get(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new RecoveryBackendException(Kind.DAMAGED, file.toString(), "its metadata " + name + " is "
                    + (v == null ? "missing" : "'" + v + "'") + ", not a number");
        }
    }

    /** Switches this connection to WAL with fsync on every commit. Called only after the store validated. */
    void enableDurableWrites() {
        read(c -> {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                        throw new RecoveryBackendException(Kind.IO, file.toString(), "SQLite refused WAL journal"
                                + " mode; a recovery directory must be on a local file system");
                    }
                }
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA cache_size = -65536");
            }
            return null;
        });
    }

    /**
     * Drops what stores made by earlier versions have and no query needs any more: the epoch index, which only
     * slowed down every write (see {@link Schema#DDL}). Idempotent; called on every writable open.
     */
    void dropObsoleteIndexes() {
        write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("DROP INDEX IF EXISTS snapshots_by_epoch");
            }
            return null;
        });
    }

    /**
     * Brings a file of an older readable format up to {@link Schema#FORMAT_VERSION}: version 2 gets the epoch log
     * table. One transaction, idempotent; called on every writable open.
     */
    void upgrade() {
        write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute(PartitionLog.DDL);
            }
            try (PreparedStatement up = c.prepareStatement("UPDATE " + Schema.META_TABLE + " SET value = ?"
                    + " WHERE name = ? AND value <> ?")) {
                up.setString(1, Integer.toString(Schema.FORMAT_VERSION));
                up.setString(2, Schema.META_FORMAT_VERSION);
                up.setString(3, Integer.toString(Schema.FORMAT_VERSION));
                up.executeUpdate();
            }
            return null;
        });
    }

    /** Runs {@code work} under this partition's lock, in autocommit mode. */
    <T> T read(SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(file, "read failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} under this partition's lock in one (immediate) transaction; durable when it returns. */
    <T> T write(SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                boolean done = false;
                try {
                    T result = work.run(connection);
                    s.execute("COMMIT");
                    done = true;
                    return result;
                } finally {
                    if (!done) {
                        rollbackQuietly(s);
                    }
                }
            }
        } catch (SQLException e) {
            throw failure(file, "write failed (rolled back)", e);
        } finally {
            lock.unlock();
        }
    }

    private static void rollbackQuietly(Statement s) {
        try {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the original failure is what matters; SQLite may already have rolled back
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("recovery store is closed (" + file + ")");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                connection.close();
            }
        } catch (SQLException e) {
            throw failure(file, "close failed", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Classifies an SQLite failure for the protocol layer's messages. SQLite reports a read-only file system, a
     * read-only file and missing permissions alike as CANTOPEN or READONLY, so those are told apart by looking at
     * the file and its directory.
     */
    static RecoveryBackendException failure(Path file, String what, SQLException e) {
        String where = file.toString();
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            int primary = code.code & 0xff;
            String detail = what + " (" + code.name() + ")";
            if (primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
                return new RecoveryBackendException(Kind.FOREIGN, where, "not an SQLite database (" + code.name() + ")", e);
            }
            if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
                return new RecoveryBackendException(Kind.DAMAGED, where, "the SQLite file is corrupt (" + code.name()
                        + ")", e);
            }
            if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
                return new RecoveryBackendException(Kind.DISK_FULL, where, detail, e);
            }
            if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code && !Files.exists(file)) {
                return new RecoveryBackendException(Kind.NOT_INITIALIZED, where, "the file does not exist", e);
            }
            if (primary == SQLiteErrorCode.SQLITE_READONLY.code || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
                    || primary == SQLiteErrorCode.SQLITE_PERM.code || primary == SQLiteErrorCode.SQLITE_AUTH.code
                    || primary == SQLiteErrorCode.SQLITE_IOERR.code) {
                Kind kind = accessProblem(file);
                if (kind != null) {
                    return new RecoveryBackendException(kind, where, detail, e);
                }
                if (primary == SQLiteErrorCode.SQLITE_READONLY.code) {
                    return new RecoveryBackendException(Kind.READ_ONLY, where, detail, e);
                }
                if (primary == SQLiteErrorCode.SQLITE_PERM.code || primary == SQLiteErrorCode.SQLITE_AUTH.code) {
                    return new RecoveryBackendException(Kind.PERMISSION_DENIED, where, detail, e);
                }
                if (primary == SQLiteErrorCode.SQLITE_IOERR.code && noSpaceLeft(file)) {
                    return new RecoveryBackendException(Kind.DISK_FULL, where, detail, e);
                }
            }
            return new RecoveryBackendException(Kind.IO, where, detail + ": " + se.getMessage(), e);
        }
        return new RecoveryBackendException(Kind.IO, where, what + ": " + e.getMessage(), e);
    }

    /** READ_ONLY if the file system is read-only, PERMISSION_DENIED if the file or directory cannot be written. */
    static Kind accessProblem(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (dir != null && Files.getFileStore(dir).isReadOnly()) {
                return Kind.READ_ONLY;
            }
        } catch (IOException ignored) {
            // fall through to the permission checks
        }
        if (dir != null && (!Files.isWritable(dir) || !Files.isExecutable(dir))) {
            return Kind.PERMISSION_DENIED;
        }
        for (String suffix : new String[]{"", "-wal", "-shm"}) {
            Path f = Path.of(file + suffix);
            if (Files.exists(f) && (!Files.isReadable(f) || !Files.isWritable(f))) {
                return Kind.PERMISSION_DENIED;
            }
        }
        return dir == null ? null : probeWrite(dir);
    }

    /**
     * SQLite reports a write the kernel refused as a bare I/O error, and a file system the kernel turned read-only
     * after an error may still look writable to statvfs; so on failure, try writing a file next to the store and
     * classify by what the OS says.
     */
    private static Kind probeWrite(Path dir) {
        Path probe = null;
        try {
            probe = Files.createTempFile(dir, ".flowstate-probe-", ".tmp");
            Files.write(probe, new byte[]{1});
            return null;
        } catch (IOException e) {
            String reason = String.valueOf(e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : e.getMessage());
            if (reason.contains("Read-only file system")) {
                return Kind.READ_ONLY;
            }
            if (reason.contains("No space left")) {
                return Kind.DISK_FULL;
            }
            if (e instanceof java.nio.file.AccessDeniedException || reason.contains("Permission denied")) {
                return Kind.PERMISSION_DENIED;
            }
            return null;
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // best effort: the probe is empty but for one byte
                }
            }
        }
    }

    private static boolean noSpaceLeft(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            return dir != null && Files.getFileStore(dir).getUsableSpace() < 64 * 1024;
        } catch (IOException ignored) {
            return false;
        }
    }
}
