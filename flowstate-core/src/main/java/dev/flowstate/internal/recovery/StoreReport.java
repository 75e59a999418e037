package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.RecoveryReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds a {@link RecoveryReport} from an opened (read-only) store. */
final class StoreReport {
    private StoreReport() {
    }

    static RecoveryReport build(StoreLayout.Opened opened) {
        List<PartitionDb> parts = opened.partitions();
        List<StoreQueries.ExecutionRow> rows = StoreQueries.executions(parts);
        List<RecoveryReport.ExecutionInfo> executions = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            StoreQueries.ExecutionRow e = rows.get(i);
            long frontier;
            if (i == rows.size() - 1) {
                frontier = StoreQueries.minFrontier(parts, e.execution(), e.workerCount());
            } else if (e.finalFrontier() != null) {
                frontier = e.finalFrontier();
            } else {
                frontier = rows.get(i + 1).resumeEpoch(); // the same number, recorded by the next execution
            }
            executions.add(new RecoveryReport.ExecutionInfo(e.execution(), e.workerCount(), e.resumeEpoch(), frontier));
        }
        long resume = executions.isEmpty() ? 1 : executions.get(executions.size() - 1).frontier();
        Map<String, Long> keys = new TreeMap<>();
        StoreQueries.storedSteps(parts).keySet().forEach(step -> keys.put(step, 0L));
        keys.putAll(StoreQueries.liveKeyCounts(parts, resume));
        return new RecoveryReport(opened.storeId(), parts.size(), List.copyOf(executions), resume, keys);
    }
}
