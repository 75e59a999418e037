package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.LockHolder;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run lock of an SQLite store: an OS file lock ({@link FileChannel#tryLock()}) on {@value #FILE_NAME} in the
 * recovery directory, whose content names the holder. The operating system drops the lock when the holding
 * process dies, however it dies, so a killed run never blocks the next one; the content is only information.
 *
 * <p>POSIX drops all of a process's locks on a file when <em>any</em> descriptor of it is closed, so this process
 * never opens the file again while it holds the lock: holders inside this JVM are found in {@link #HELD} instead.
 */
final class SqliteRunLock {
    static final String FILE_NAME = "run.lock";

    /** Locks held by this JVM, by absolute lock file, with their holder. */
    private static final Map<Path, LockHolder> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private FileChannel channel; // guarded by this
    private FileLock lock; // guarded by this

    SqliteRunLock(Path directory) {
        this.file = directory.resolve(FILE_NAME).toAbsolutePath().normalize();
    }

    /** Null once held by this instance, otherwise the holder. */
    synchronized LockHolder tryAcquire(LockHolder me) {
        if (lock != null) {
            return null;
        }
        LockHolder inJvm = HELD.get(file);
        if (inJvm != null) {
            return inJvm;
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                LockHolder holder = readHolder(ch);
                ch.close();
                LockHolder raced = HELD.get(file);
                return raced != null ? raced : holder;
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((me.encode() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            channel = ch;
            lock = l;
            HELD.put(file, me);
            return null;
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw StoreLayout.ioFailure(file, "cannot take the run lock", e);
        }
    }

    private static LockHolder readHolder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        ch.read(buf, 0);
        LockHolder holder = LockHolder.parse(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
        return holder != null ? holder : new LockHolder("unknown", -1, java.time.Instant.EPOCH);
    }

    /** Releases the lock if this instance holds it. */
    synchronized void release() {
        if (lock == null) {
            return;
        }
        HELD.remove(file);
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new RecoveryBackendException(RecoveryBackendException.Kind.IO, file.toString(),
                    "cannot release the run lock", e);
        } finally {
            lock = null;
            channel = null;
        }
    }
}
