package dev.flowstate.recovery;

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
     */
    public static void init(Path directory, int partitions) {
        throw new UnsupportedOperationException("recovery store: being written");
    }

    /** Reads a recovery directory without changing it: execution history, resume epoch and per-step key counts. */
    public static RecoveryReport inspect(Path directory) {
        throw new UnsupportedOperationException("recovery store: being written");
    }
}
