package dev.flowstate.internal.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a recovery directory: {@code part-0000.sqlite3} … {@code part-NNNN.sqlite3} (plus SQLite's own
 * {@code -wal}/{@code -shm} files next to them). Creates them ({@link #init}) and opens them after checking that
 * they form one complete store ({@link #openValidated}).
 */
public final class StoreLayout {
    /** Four digits in the file name. */
    public static final int MAX_PARTITIONS = 10_000;

    private static final Pattern PARTITION_FILE = Pattern.compile("part-(\\d{4})\\.sqlite3");
    private static final String INIT_TEMP_SUFFIX = ".init-tmp";

    private StoreLayout() {
    }

    /** The opened, validated partitions of a store, in index order. */
    record Opened(String storeId, List<PartitionDb> partitions) {
    }

    static String fileName(int index) {
        return String.format("part-%04d.sqlite3", index);
    }

    /**
     * Creates a store of {@code partitions} partition files in {@code directory}, which may be missing or empty.
     *
     * @throws IllegalArgumentException if {@code partitions} is out of range or the directory is not empty
     */
    public static void init(Path directory, int partitions) {
        if (partitions < 1 || partitions >= MAX_PARTITIONS) {
            throw new IllegalArgumentException("partitions must be between 1 and " + (MAX_PARTITIONS - 1) + ", got "
                    + partitions);
        }
        List<String> existing = list(directory);
        if (existing == null) {
            if (Files.exists(directory)) {
                throw new IllegalArgumentException(directory + " exists and is not a directory; choose a new or empty"
                        + " directory for the recovery store.");
            }
        } else if (existing.stream().anyMatch(n -> PARTITION_FILE.matcher(n).matches())) {
            throw new IllegalArgumentException(directory + " already holds a recovery store. Use it as it is, or to"
                    + " start over delete the directory (its saved state will be lost) or choose another one.");
        } else if (!existing.isEmpty()) {
            throw new IllegalArgumentException(directory + " is not empty (it holds " + summary(existing)
                    + "); choose a new or empty directory for the recovery store.");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create recovery directory " + directory, e);
        }
        try {
            String storeId = UUID.randomUUID().toString();
            String createdAt = Instant.now().toString();
            // Create every file under a temporary name, then rename, part-0000 last: a store whose init was
            // interrupted is recognisable (no part-0000) instead of looking like a store with a lost partition.
            for (int i = 0; i < partitions; i++) {
                PartitionDb.create(directory.resolve(fileName(i) + INIT_TEMP_SUFFIX), storeId, i, partitions, createdAt);
            }
            for (int i = partitions - 1; i >= 0; i--) {
                Files.move(directory.resolve(fileName(i) + INIT_TEMP_SUFFIX), directory.resolve(fileName(i)),
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            deleteInitFiles(directory, partitions, e);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot create recovery store in " + directory, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Removes what an init that failed had created, so the directory can be used again. */
    private static void deleteInitFiles(Path directory, int partitions, Exception failure) {
        for (int i = 0; i < partitions; i++) {
            for (String name : List.of(fileName(i), fileName(i) + INIT_TEMP_SUFFIX)) {
                for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                    try {
                        Files.deleteIfExists(directory.resolve(name + suffix));
                    } catch (IOException e) {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
    }

    /**
     * Opens every partition file and checks, before anything is written, that they form one complete store of
     * our format version. Closes what it opened if it refuses.
     *
     * @throws RecoveryStoreException saying what is wrong and what to do
     */
    static Opened openValidated(Path directory, boolean readOnly) {
        String initHint = "run `flowstate recovery init " + directory + " --partitions N` to create a store there.";
        List<String> names = list(directory);
        if (names == null) {
            throw new RecoveryStoreException("recovery directory " + directory
                    + (Files.exists(directory) ? " is not a directory; " : " does not exist; ") + initHint);
        }
        TreeSet<Integer> indexes = new TreeSet<>();
        for (String n : names) {
            Matcher m = PARTITION_FILE.matcher(n);
            if (m.matches()) {
                indexes.add(Integer.parseInt(m.group(1)));
            }
        }
        if (indexes.isEmpty()) {
            throw new RecoveryStoreException("recovery directory " + directory + " is not initialized (no "
                    + "part-NNNN.sqlite3 files); " + initHint);
        }
        if (!indexes.contains(0)) {
            throw new RecoveryStoreException(directory + " has partition files " + indexes + " but no " + fileName(0)
                    + ". If `recovery init` was interrupted, delete the directory and init again; otherwise restore "
                    + fileName(0) + " from a backup.");
        }
        List<PartitionDb> opened = new ArrayList<>();
        try {
            PartitionDb first = PartitionDb.openExisting(directory.resolve(fileName(0)), readOnly);
            opened.add(first);
            PartitionDb.Meta meta0 = first.readMeta();
            checkPosition(first, meta0, 0, meta0.count());
            int count = meta0.count();
            if (indexes.last() >= count) {
                throw new RecoveryStoreException(directory + " holds " + fileName(indexes.last()) + " but the store has "
                        + count + " partitions (part-0000 … " + fileName(count - 1) + "). A partition file of another"
                        + " store was copied in; remove it.");
            }
            for (int i = 1; i < count; i++) {
                if (!indexes.contains(i)) {
                    throw new RecoveryStoreException("partition file " + fileName(i) + " is missing from " + directory
                            + " (the store has " + count + " partitions). Restore it from a backup; without it the"
                            + " saved state is incomplete, so the store cannot be used.");
                }
                PartitionDb db = PartitionDb.openExisting(directory.resolve(fileName(i)), readOnly);
                opened.add(db);
                PartitionDb.Meta meta = db.readMeta();
                if (!meta.storeId().equals(meta0.storeId())) {
                    throw new RecoveryStoreException(db.file + " belongs to another store (store id " + meta.storeId()
                            + ", but " + fileName(0) + " has " + meta0.storeId() + "). Partition files of different"
                            + " recovery directories were mixed; put back this directory's own " + fileName(i) + ".");
                }
                checkPosition(db, meta, i, count);
            }
            return new Opened(meta0.storeId(), List.copyOf(opened));
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
            throw new RecoveryStoreException(db.file + ": metadata says the store has " + meta.count()
                    + " partitions, which is impossible; the file is damaged. Restore it from a backup.");
        }
        if (meta.index() != index || meta.count() != count) {
            throw new RecoveryStoreException(db.file + " says it is partition " + meta.index() + " of " + meta.count()
                    + ", but it is named as partition " + index + " of " + count + ". Partition files were renamed or"
                    + " copied between stores; restore the original files.");
        }
    }

    /** File names in {@code directory}, or null if it is not a directory. */
    private static List<String> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return null;
        }
        try (Stream<Path> s = Files.list(directory)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static String summary(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }
}
