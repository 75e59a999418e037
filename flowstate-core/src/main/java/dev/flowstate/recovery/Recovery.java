package dev.flowstate.recovery;

import dev.flowstate.internal.recovery.ProtocolStore;
import dev.flowstate.internal.serde.KryoSerde;
import dev.flowstate.io.LostOutput;
import dev.flowstate.recovery.spi.StoreLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The epochs whose output a sink lost and continued past (a sink partition state that implements
     * {@link LostOutput}, e.g. the exactly-once Kafka sink after {@code --accept-lost-output}), as of the resume
     * epoch: one line per sink partition that lost something, e.g. {@code step 'out' partition 0: epochs [7]}. A
     * partition state whose class is not on the class path is reported as unreadable. Changes nothing.
     *
     * @throws IllegalStateException as {@link #inspect}
     */
    public static List<String> lostOutput(Path directory) {
        return lostOutput(StoreLocation.of(directory));
    }

    /** Same as {@link #lostOutput(Path)} for a store named by a directory or URI. */
    public static List<String> lostOutput(String store, Map<String, String> options) {
        return lostOutput(StoreLocation.parse(store, options));
    }

    private static List<String> lostOutput(StoreLocation location) {
        List<String> lines = new ArrayList<>();
        ProtocolStore.partitionStates(location, "sink").forEach((step, partitions) -> partitions.forEach((p, bytes) -> {
            String where = "step '" + step + "' partition " + p;
            Object state;
            try {
                state = KryoSerde.INSTANCE.fromBytes(bytes);
            } catch (RuntimeException e) {
                lines.add(where + ": state not readable here (" + e.getMessage() + "); run inspect with the "
                        + "dataflow's class path to see lost output");
                return;
            }
            if (state instanceof LostOutput lost && !lost.lostEpochs().isEmpty()) {
                lines.add(where + ": output of epochs " + lost.lostEpochs() + " lost (accepted)");
            }
        }));
        return lines;
    }
}
