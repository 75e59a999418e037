package dev.flowstate.recovery.remote;

import dev.flowstate.recovery.spi.ExecutionRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rows still count, for stores where a process of an old execution cannot be stopped from writing (a
 * network partition, a paused JVM): a row written by execution {@code x} at epoch {@code e} counts only while no
 * later execution resumed at or below {@code e}, because that later execution redid epoch {@code e} itself. Rows
 * therefore carry the number of the execution that wrote them, and readers drop the others. This makes a zombie's
 * late writes invisible without any coordination with it.
 */
public final class Fencing {
    private final Map<Long, Long> limits;

    private Fencing(Map<Long, Long> limits) {
        this.limits = limits;
    }

    /** The rule for a store's executions (oldest first, as {@code RecoveryBackend.executions()} lists them). */
    public static Fencing of(List<ExecutionRecord> executions) {
        Map<Long, Long> limits = new HashMap<>();
        long min = Long.MAX_VALUE;
        for (int i = executions.size() - 1; i >= 0; i--) {
            if (min != Long.MAX_VALUE) {
                limits.put(executions.get(i).execution(), min);
            }
            min = Math.min(min, executions.get(i).resumeEpoch());
        }
        return new Fencing(limits);
    }

    /** Whether a row written by {@code execution} at {@code epoch} counts. */
    public boolean counts(long execution, long epoch) {
        return epoch < limits.getOrDefault(execution, Long.MAX_VALUE);
    }
}
