package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.RecoveryReport;
import dev.flowstate.recovery.spi.ExecutionRecord;
import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds a {@link RecoveryReport} from an opened (read-only) store, through the SPI. */
final class StoreReport {
    /** The effective frontier of an execution (the protocol's rule, with checksums checked). */
    @FunctionalInterface
    interface FrontierRule {
        long effective(long execution, int workerCount);
    }

    private StoreReport() {
    }

    static RecoveryReport build(StoreLocation location, String backendName, StoreIdentity identity,
                                RecoveryBackend backend, FrontierRule rule) {
        List<ExecutionRecord> rows = backend.executions();
        List<RecoveryReport.ExecutionInfo> executions = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ExecutionRecord e = rows.get(i);
            long frontier;
            if (i == rows.size() - 1) {
                frontier = rule.effective(e.execution(), e.workerCount());
            } else if (e.finalFrontier() != null) {
                frontier = e.finalFrontier();
            } else {
                frontier = rows.get(i + 1).resumeEpoch(); // the same number, recorded by the next execution
            }
            executions.add(new RecoveryReport.ExecutionInfo(e.execution(), e.workerCount(), e.resumeEpoch(), frontier));
        }
        long resume = executions.isEmpty() ? 1 : executions.get(executions.size() - 1).frontier();
        Map<String, Long> keys = new TreeMap<>();
        identity.steps().keySet().forEach(step -> keys.put(step, 0L));
        keys.putAll(backend.liveKeyCounts(resume));
        return new RecoveryReport(identity.storeId(), identity.partitions(), List.copyOf(executions), resume, keys,
                location.text(), backendName, identity.dataflow(), identity.formatVersion());
    }
}
