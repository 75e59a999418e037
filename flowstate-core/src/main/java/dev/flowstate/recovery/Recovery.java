package dev.flowstate.recovery;

import dev.flowstate.internal.recovery.ProtocolStore;
import dev.flowstate.recovery.spi.StoreLocation;
import java.nio.file.Path;
import java.util.Map;

/**
 * Creates and inspects recovery stores. A store is a directory of SQLite partition files (the default), Kafka
 * topics ({@code kafka://HOST:PORT/PREFIX}) or objects in a bucket ({@code s3://BUCKET/PREFIX}); {@link #init}
 * makes one, and a run configured with {@link RecoveryConfig} reads and writes it.
 */
public final class Recovery {
    private Recovery() {
    }

    /**
     * Creates a recovery directory with {@code partitions} partition files, atomically: if interrupted, calling it
     * again completes the store. Refuses (with an {@link IllegalStateException} saying why) a directory that
     * already holds a store or other files.
     *
     * @param partitions between 1 and 9999; more partitions spread writes of many workers over more files
     */
    public static void init(Path directory, int partitions) {
        ProtocolStore.init(StoreLocation.of(directory), partitions);
    }

    /** Creates the store named by a directory or URI (see {@link RecoveryConfig}), like {@link #init(Path, int)}. */
    public static void init(String store, Map<String, String> options, int partitions) {
        ProtocolStore.init(StoreLocation.parse(store, options), partitions);
    }

    /**
     * Reads a recovery directory without changing it: execution history, resume epoch and per-step key counts.
     *
     * @throws IllegalStateException if it is not a complete, initialized store this version can read (the message
     *                               says what is wrong and what to do)
     */
    public static RecoveryReport inspect(Path directory) {
        return ProtocolStore.inspect(StoreLocation.of(directory));
    }

    /** Reads the store named by a directory or URI, like {@link #inspect(Path)}. */
    public static RecoveryReport inspect(String store, Map<String, String> options) {
        return ProtocolStore.inspect(StoreLocation.parse(store, options));
    }
}
