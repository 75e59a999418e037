package dev.flowstate.recovery;

import dev.flowstate.recovery.spi.StoreLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a run saves its state: a recovery store made by {@code flowstate recovery init} (or
 * {@link Recovery#init}), and how long superseded snapshots are kept after they stop being needed (the backup
 * interval), so that an older copy of the store can still be resumed from. Pass the same config to every run of a
 * dataflow; a run with it resumes where the last one stopped.
 *
 * <p>The store is named by a directory (SQLite files, the default), {@code kafka://HOST:PORT[,HOST:PORT]/PREFIX}
 * or {@code s3://BUCKET/PREFIX} (see {@link StoreLocation#parse}); {@code options} are the backend's settings
 * (for S3: {@code endpoint}, {@code region}, ...), added to and overriding query parameters of the name.
 *
 * @param store          an initialized recovery store: a directory or a store URI
 * @param backupInterval how long superseded snapshots are kept; zero keeps only what resuming needs
 * @param options        backend options (never null)
 */
public record RecoveryConfig(String store, Duration backupInterval, Map<String, String> options) {
    public RecoveryConfig {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(backupInterval, "backupInterval");
        if (backupInterval.isNegative()) {
            throw new IllegalArgumentException("backupInterval must not be negative: " + backupInterval);
        }
        options = Map.copyOf(Objects.requireNonNull(options, "options"));
        StoreLocation.parse(store, options); // refuse a malformed name now, not when the run starts
    }

    /** A directory store (SQLite). */
    public RecoveryConfig(Path directory, Duration backupInterval) {
        this(Objects.requireNonNull(directory, "directory").toString(), backupInterval, Map.of());
    }

    /** A store named by a directory or URI, without extra options. */
    public RecoveryConfig(String store, Duration backupInterval) {
        this(store, backupInterval, Map.of());
    }

    /** A directory store with a zero backup interval. */
    public static RecoveryConfig of(Path directory) {
        return new RecoveryConfig(directory, Duration.ZERO);
    }

    /** A store named by a directory or URI, with a zero backup interval. */
    public static RecoveryConfig of(String store) {
        return new RecoveryConfig(store, Duration.ZERO);
    }

    /** The parsed store name with its options. */
    public StoreLocation location() {
        return StoreLocation.parse(store, options);
    }

    /**
     * The directory of an SQLite store.
     *
     * @throws IllegalStateException if the store is not a directory (a {@code kafka://} or {@code s3://} URI)
     */
    public Path directory() {
        return location().directory();
    }
}
