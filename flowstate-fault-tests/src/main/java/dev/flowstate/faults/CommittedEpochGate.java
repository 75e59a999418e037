package dev.flowstate.faults;

import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryReport;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A {@link CrashHarness} kill gate that opens once the recovery store shows a new execution (a child that started
 * after the gate last opened) with an epoch committed by all its workers, read from the store itself: kills then
 * land mid-run, after real progress, however slow the machine is, instead of during JVM start-up. Checks the
 * store at most every 20 ms (the harness polls far more often). Not thread-safe; one harness at a time.
 */
public final class CommittedEpochGate implements BooleanSupplier {
    private static final long CHECK_EVERY_NANOS = 20_000_000;
    private final Path store;
    private int executionsSeen;
    private long nextCheck;

    /** A gate over the (initialized) recovery store {@code store}; executions recorded so far do not count. */
    public CommittedEpochGate(Path store) {
        this.store = store;
        this.executionsSeen = executions().size();
    }

    @Override
    public boolean getAsBoolean() {
        long now = System.nanoTime();
        if (now - nextCheck < 0) {
            return false;
        }
        nextCheck = now + CHECK_EVERY_NANOS;
        List<RecoveryReport.ExecutionInfo> executions = executions();
        if (executions.size() <= executionsSeen) {
            return false;
        }
        RecoveryReport.ExecutionInfo latest = executions.get(executions.size() - 1);
        if (latest.frontier() > latest.resumedAtEpoch()) {
            executionsSeen = executions.size();
            return true;
        }
        return false;
    }

    private List<RecoveryReport.ExecutionInfo> executions() {
        try {
            return Recovery.inspect(store).executions();
        } catch (RuntimeException busy) {
            return List.of(); // being written or locked right now: not open yet, ask again
        }
    }
}
