package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of an SQLite recovery directory: {@code part-0000.sqlite3} … {@code part-NNNN.sqlite3} (plus SQLite's
 * own {@code -wal}/{@code -shm} files next to them, and the run lock file {@value SqliteRunLock#FILE_NAME}).
 * Creates them atomically ({@link #init}) and opens them after checking that they form one complete store
 * ({@link #openValidated}).
 */
final class StoreLayout {
    /** Four digits in the file name. */
    static final int MAX_PARTITIONS = 10_000;

    private static final Pattern PARTITION_FILE = Pattern.compile("part-(\\d{4})\\.sqlite3");
    /** What an interrupted init can leave: partition files, their temporary names, SQLite's side files. */
    private static final Pattern INIT_LEFTOVER =
            Pattern.compile("part-\\d{4}\\.sqlite3(\\.init-tmp)?(-wal|-shm|-journal)?");
    private static final String INIT_TEMP_SUFFIX = ".init-tmp";

    private StoreLayout() {
    }

    /** The opened, validated partitions of a store, in index order, and partition 0's metadata. */
    record Opened(PartitionDb.Meta meta, List<PartitionDb> partitions) {
    }

    static String fileName(int index) {
        return String.format("part-%04d.sqlite3", index);
    }

    /**
     * Creates a store of {@code partitions} partition files in {@code directory}, which may be missing, empty, or
     * hold only what an interrupted init left (removed first).
     *
     * <p>Atomic: every file is created complete under a temporary name, then renamed into place with
     * {@code part-0000} last and the directory synced around that rename, so {@code part-0000} exists only once
     * every other partition does. Until then {@link #openValidated} reports the directory as not initialized, and
     * a later init cleans up and starts again.
     */
    static void init(Path directory, int partitions, String storeId, String createdAt) {
        String where = directory.toString();
        if (partitions < 1 || partitions >= MAX_PARTITIONS) {
            throw new RecoveryBackendException(Kind.INVALID, where, "partitions must be between 1 and "
                    + (MAX_PARTITIONS - 1) + ", got " + partitions);
        }
        List<String> existing = list(directory);
        if (existing == null) {
            if (Files.exists(directory)) {
                throw new RecoveryBackendException(Kind.NOT_EMPTY, where, "it exists and is not a directory");
            }
        } else if (existing.contains(fileName(0))) {
            throw new RecoveryBackendException(Kind.ALREADY_INITIALIZED, where, "it holds " + fileName(0));
        } else {
            List<String> foreign = existing.stream().filter(n -> !INIT_LEFTOVER.matcher(n).matches()
                    && !n.equals(SqliteRunLock.FILE_NAME)).toList();
            if (!foreign.isEmpty()) {
                throw new RecoveryBackendException(Kind.NOT_EMPTY, where, "it holds " + summary(foreign));
            }
            deleteLeftovers(directory, existing);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw ioFailure(directory, "cannot create the directory", e);
        }
        try {
            for (int i = 0; i < partitions; i++) {
                PartitionDb.create(directory.resolve(fileName(i) + INIT_TEMP_SUFFIX), storeId, i, partitions, createdAt);
            }
            for (int i = partitions - 1; i >= 1; i--) {
                move(directory, i);
            }
            syncDirectory(directory);
            move(directory, 0); // the commit point
            syncDirectory(directory);
        } catch (IOException e) {
            RuntimeException failure = ioFailure(directory, "cannot create the store files", e);
            deleteQuietly(directory, failure);
            throw failure;
        } catch (RuntimeException e) {
            deleteQuietly(directory, e);
            throw e;
        }
    }

    private static void move(Path directory, int i) throws IOException {
        Files.move(directory.resolve(fileName(i) + INIT_TEMP_SUFFIX), directory.resolve(fileName(i)),
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes renames in {@code directory} durable (where the platform allows opening a directory). */
    static void syncDirectory(Path directory) {
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every platform can fsync a directory; the rename order still holds on a running system.
        }
    }

    private static void deleteLeftovers(Path directory, List<String> names) {
        for (String n : names) {
            if (INIT_LEFTOVER.matcher(n).matches()) {
                try {
                    Files.deleteIfExists(directory.resolve(n));
                } catch (IOException e) {
                    throw ioFailure(directory.resolve(n), "cannot remove what an interrupted init left", e);
                }
            }
        }
    }

    /** Removes what an init that failed had created, so the directory can be used again. */
    private static void deleteQuietly(Path directory, RuntimeException failure) {
        List<String> names = list(directory);
        if (names == null) {
            return;
        }
        for (String n : names) {
            if (INIT_LEFTOVER.matcher(n).matches()) {
                try {
                    Files.deleteIfExists(directory.resolve(n));
                } catch (IOException e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    static RecoveryBackendException ioFailure(Path path, String what, IOException e) {
        Kind kind = Kind.IO;
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.toString();
        if (e instanceof AccessDeniedException || reason.contains("Permission denied")) {
            kind = PartitionDb.accessProblem(path.resolve("x")) == Kind.READ_ONLY ? Kind.READ_ONLY : Kind.PERMISSION_DENIED;
        } else if (reason.contains("Read-only file system")) {
            kind = Kind.READ_ONLY;
        } else if (reason.contains("No space left")) {
            kind = Kind.DISK_FULL;
        }
        return new RecoveryBackendException(kind, path.toString(), what + ": " + reason, e);
    }

    /**
     * Opens every partition file and checks, before anything is written, that they form one complete store.
     * Closes what it opened if it refuses. Leaves the format version to the protocol layer.
     */
    static Opened openValidated(Path directory, boolean readOnly) {
        String where = directory.toString();
        List<String> names = list(directory);
        if (names == null) {
            throw new RecoveryBackendException(Kind.NOT_INITIALIZED, where,
                    Files.exists(directory) ? "it is not a directory" : "the directory does not exist");
        }
        TreeSet<Integer> indexes = new TreeSet<>();
        boolean leftovers = false;
        for (String n : names) {
            Matcher m = PARTITION_FILE.matcher(n);
            if (m.matches()) {
                indexes.add(Integer.parseInt(m.group(1)));
            } else if (INIT_LEFTOVER.matcher(n).matches()) {
                leftovers = true;
            }
        }
        if (!indexes.contains(0)) {
            throw new RecoveryBackendException(Kind.NOT_INITIALIZED, where, indexes.isEmpty() && !leftovers
                    ? "it holds no part-NNNN.sqlite3 files"
                    : "an interrupted `recovery init` left incomplete files (no " + fileName(0) + ")");
        }
        List<PartitionDb> opened = new ArrayList<>();
        try {
            PartitionDb first = PartitionDb.openExisting(directory.resolve(fileName(0)), readOnly);
            opened.add(first);
            PartitionDb.Meta meta0 = first.readMeta();
            checkPosition(first, meta0, 0, meta0.count());
            int count = meta0.count();
            if (indexes.last() >= count) {
                throw new RecoveryBackendException(Kind.FOREIGN, directory.resolve(fileName(indexes.last())).toString(),
                        "the store has " + count + " partitions (part-0000 … " + fileName(count - 1)
                                + "), so this file was copied in from another store");
            }
            for (int i = 1; i < count; i++) {
                if (!indexes.contains(i)) {
                    throw new RecoveryBackendException(Kind.DAMAGED, directory.resolve(fileName(i)).toString(),
                            "the partition file is missing (the store has " + count + " partitions)");
                }
                PartitionDb db = PartitionDb.openExisting(directory.resolve(fileName(i)), readOnly);
                opened.add(db);
                PartitionDb.Meta meta = db.readMeta();
                if (!meta.storeId().equals(meta0.storeId())) {
                    throw new RecoveryBackendException(Kind.FOREIGN, db.file.toString(), "it belongs to another store"
                            + " (store id " + meta.storeId() + ", but " + fileName(0) + " has " + meta0.storeId()
                            + "): partition files of different stores were mixed");
                }
                checkPosition(db, meta, i, count);
                // an upgrade interrupted between files leaves readable versions mixed: the next writable open ends it
                if (meta.formatVersion() != meta0.formatVersion()
                        && !(Schema.readable(meta.formatVersion()) && Schema.readable(meta0.formatVersion()))) {
                    throw new RecoveryBackendException(Kind.FOREIGN, db.file.toString(), "it has format version "
                            + meta.formatVersion() + " but " + fileName(0) + " has " + meta0.formatVersion()
                            + ": partition files of different stores were mixed");
                }
            }
            return new Opened(meta0, List.copyOf(opened));
        } catch (RuntimeException e) {
            for (PartitionDb db : opened) {
                try {
                    db.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static void checkPosition(PartitionDb db, PartitionDb.Meta meta, int index, int count) {
        if (meta.count() < 1 || meta.count() >= MAX_PARTITIONS) {
            throw new RecoveryBackendException(Kind.DAMAGED, db.file.toString(), "its metadata says the store has "
                    + meta.count() + " partitions, which is impossible");
        }
        if (meta.index() != index || meta.count() != count) {
            throw new RecoveryBackendException(Kind.FOREIGN, db.file.toString(), "it says it is partition "
                    + meta.index() + " of " + meta.count() + ", but it is named as partition " + index + " of " + count
                    + ": partition files were renamed or copied between stores");
        }
    }

    /** File names in {@code directory}, or null if it is not a directory. */
    static List<String> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return null;
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw ioFailure(directory, "cannot list the directory", e);
        }
    }

    private static String summary(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }
}
