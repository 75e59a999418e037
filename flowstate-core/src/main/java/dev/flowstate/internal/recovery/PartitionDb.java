package dev.flowstate.internal.recovery;

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
 * {@link #write}, which hold this partition's lock, so the store's worker threads can share it.
 */
final class PartitionDb implements AutoCloseable {
    /** How long a statement waits for another process's lock before failing with SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MS = 30_000;

    /** What a partition file says about itself. */
    record Meta(int formatVersion, String storeId, int index, int count) {
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

    /** Opens an existing file without creating it and without writing to it. */
    static PartitionDb openExisting(Path file, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setReadOnly(readOnly);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
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
        } catch (SQLException e) {
            throw failure(file, "cannot create", e);
        }
    }

    /**
     * Reads and checks the metadata: the file must be SQLite, have our metadata table and our format version.
     * Writes nothing.
     */
    Meta readMeta() {
        return read(c -> {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '"
                        + Schema.META_TABLE + "'")) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        throw new RecoveryStoreException(file + " is an SQLite database but not a Flowstate recovery"
                                + " partition (it has no " + Schema.META_TABLE + " table). Keep only files made by"
                                + " `flowstate recovery init` in a recovery directory.");
                    }
                }
                Map<String, String> meta = new HashMap<>();
                try (ResultSet rs = s.executeQuery("SELECT name, value FROM " + Schema.META_TABLE)) {
                    while (rs.next()) {
                        meta.put(rs.getString(1), rs.getString(2));
                    }
                }
                int version = intMeta(meta, Schema.META_FORMAT_VERSION);
                if (version != Schema.FORMAT_VERSION) {
                    throw new RecoveryStoreException(file + " was written by recovery format version " + version
                            + ", this Flowstate reads version " + Schema.FORMAT_VERSION
                            + ". Use the Flowstate release that wrote this store, or start with a fresh recovery"
                            + " directory.");
                }
                String storeId = meta.get(Schema.META_STORE_ID);
                if (storeId == null || storeId.isEmpty()) {
                    throw new RecoveryStoreException(file + ": metadata has no " + Schema.META_STORE_ID
                            + "; the file is damaged. Restore it from a backup or start with a fresh recovery directory.");
                }
                return new Meta(version, storeId, intMeta(meta, Schema.META_PARTITION_INDEX),
                        intMeta(meta, Schema.META_PARTITION_COUNT));
            }
        });
    }

    private int intMeta(Map<String, String> meta, String name) {
        String v = meta.get(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new RecoveryStoreException(file + ": metadata " + name + " is " + (v == null ? "missing" : "'" + v + "'")
                    + ", not a number; the file is damaged. Restore it from a backup or start with a fresh recovery"
                    + " directory.");
        }
    }

    /** Switches this connection to WAL with fsync on every commit. Called only after the store validated. */
    void enableDurableWrites() {
        read(c -> {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                        throw new RecoveryStoreException(file + ": SQLite refused WAL journal mode; a recovery"
                                + " directory must be on a local file system.");
                    }
                }
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA cache_size = -65536");
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
            throw failure(file, "failed", e);
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

    static RecoveryStoreException failure(Path file, String what, SQLException e) {
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            int primary = code.code & 0xff;
            if (primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
                return new RecoveryStoreException(file + " is not a valid SQLite database or is corrupt (" + code
                        + "). Restore the file from a backup, or start with a fresh recovery directory.", e);
            }
            if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code && !Files.exists(file)) {
                return new RecoveryStoreException(file + " does not exist.", e);
            }
        }
        return new RecoveryStoreException(file + ": " + what + ": " + e.getMessage(), e);
    }
}
