package dev.flowstate.recovery;

import dev.flowstate.internal.recovery.SqliteRecoveryStore;
import dev.flowstate.internal.recovery.StoreLayout;
import dev.flowstate.internal.serde.KryoSerde;
import dev.flowstate.io.LostOutput;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /**
     * The epochs whose output a sink lost and continued past (a sink partition state that implements
     * {@link LostOutput}, e.g. the exactly-once Kafka sink after {@code --accept-lost-output}), as of the resume
     * epoch: one line per sink partition that lost something, e.g. {@code step 'out' partition 0: epochs [7]}. A
     * partition state whose class is not on the class path is reported as unreadable. Changes nothing.
     *
     * @throws IllegalStateException as {@link #inspect}
     */
    public static List<String> lostOutput(Path directory) {
        long resume = inspect(directory).resumeEpoch();
        List<String> lines = new ArrayList<>();
        try (SqliteRecoveryStore store = SqliteRecoveryStore.open(directory)) {
            for (Map.Entry<String, String> step : store.stepKinds().entrySet()) {
                if (!step.getValue().equals("sink")) {
                    continue;
                }
                // Partition states are rows keyed by partition name; one "worker" of one loads them all.
                store.loadKeyedStates(step.getKey(), resume, 1, 0, (key, bytes) -> {
                    String where = "step '" + step.getKey() + "' partition " + new String(key, StandardCharsets.UTF_8);
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
                });
            }
        }
        return lines;
    }
}
