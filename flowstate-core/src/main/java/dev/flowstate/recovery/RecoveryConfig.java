package dev.flowstate.recovery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how a run saves its state: a recovery directory made by {@code flowstate recovery init} (or
 * {@link Recovery#init}), and how long superseded snapshots are kept after they stop being
 * needed (the backup interval), so that an older copy of the store can still be resumed from.
 * Pass the same config to every run of a dataflow; a run with it resumes where the last one stopped.
 *
 * @param directory      an initialized recovery directory
 * @param backupInterval how long superseded snapshots are kept; zero keeps only what resuming needs
 */
public record RecoveryConfig(Path directory, Duration backupInterval) {
    public RecoveryConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(backupInterval, "backupInterval");
        if (backupInterval.isNegative()) {
            throw new IllegalArgumentException("backupInterval must not be negative: " + backupInterval);
        }
    }

    /** A config with a zero backup interval. */
    public static RecoveryConfig of(Path directory) {
        return new RecoveryConfig(directory, Duration.ZERO);
    }
}
