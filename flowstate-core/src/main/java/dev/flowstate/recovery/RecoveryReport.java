package dev.flowstate.recovery;

import java.util.List;
import java.util.Map;

/**
 * What {@link Recovery#inspect} found in a recovery store.
 *
 * @param storeId       the id given to the store at init
 * @param partitions    number of partitions (files, topic partitions, ...)
 * @param executions    every execution recorded, oldest first
 * @param resumeEpoch   the epoch the next run would resume at (1 for a fresh store)
 * @param keysPerStep   per step id, how many keys have live (non-tombstone) state as of the resume epoch
 * @param store         the store's name as given (directory or URI)
 * @param backend       what kind of store it is, e.g. "SQLite files"
 * @param dataflow      the dataflow owning the store, or null before its first run
 * @param formatVersion the store's format version
 */
public record RecoveryReport(String storeId, int partitions, List<ExecutionInfo> executions, long resumeEpoch,
                             Map<String, Long> keysPerStep, String store, String backend, String dataflow,
                             int formatVersion) {

    /** The form before the store name, backend, dataflow and format version were reported. */
    public RecoveryReport(String storeId, int partitions, List<ExecutionInfo> executions, long resumeEpoch,
                          Map<String, Long> keysPerStep) {
        this(storeId, partitions, executions, resumeEpoch, keysPerStep, null, null, null, 0);
    }

    /** One recorded run: its number, worker count, the epoch it resumed at and the frontier its workers reached. */
    public record ExecutionInfo(long execution, int workerCount, long resumedAtEpoch, long frontier) {
    }

    /** A human-readable multi-line rendering, as printed by {@code flowstate recovery inspect}. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("store ").append(storeId).append(", ").append(partitions).append(" partitions");
        if (backend != null) {
            sb.append(", ").append(backend);
        }
        if (formatVersion > 0) {
            sb.append(", format version ").append(formatVersion);
        }
        sb.append('\n');
        if (store != null) {
            sb.append("location: ").append(store).append('\n');
        }
        sb.append("dataflow: ").append(dataflow == null ? "(none yet)" : dataflow).append('\n');
        sb.append("resume epoch: ").append(resumeEpoch).append('\n');
        sb.append("executions:\n");
        if (executions.isEmpty()) {
            sb.append("  (none)\n");
        }
        for (ExecutionInfo e : executions) {
            sb.append("  #").append(e.execution()).append(": ").append(e.workerCount()).append(" workers, resumed at epoch ")
                    .append(e.resumedAtEpoch()).append(", frontier ").append(e.frontier()).append('\n');
        }
        sb.append("keys per step:\n");
        if (keysPerStep.isEmpty()) {
            sb.append("  (none)\n");
        }
        keysPerStep.forEach((step, n) -> sb.append("  ").append(step).append(": ").append(n).append('\n'));
        return sb.toString();
    }
}
