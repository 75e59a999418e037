package dev.flowstate.recovery;

import dev.flowstate.internal.recovery.SqliteRecoveryStore;
import dev.flowstate.internal.recovery.StoreLayout;
import java.nio.file.Path;

/**
 * Creates and inspects recovery directories. A recovery directory holds a fixed number of SQLite partition files
 * sharing one store id; {@link #init} makes one, and a run configured with {@link RecoveryConfig} reads and writes it.
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * Creates a recovery directory with {@code partitions} partition files. Refuses (with an
     * {@link IllegalArgumentException} saying why) a directory that already holds a store or other files.
     *
     * @param partitions between 1 and 9999; more partitions spread writes of many workers over more files
     */
    public static void init(Path directory, int partitions) {
        StoreLayout.init(directory, partitions);
    }

    /**
     * Reads a recovery directory without changing it: execution history, resume epoch and per-step key counts.
     *
     * @throws IllegalStateException if the directory is not a complete, initialized store this version can read
     *                               (the message says what is wrong and what to do)
     */
    public static RecoveryReport inspect(Path directory) {
        return SqliteRecoveryStore.inspect(directory);
    }
}
