package dev.flowstate.faults;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;

/** Counts and sums a key's values and emits {@code count,sum} only in {@code onEof}, keeping its state. */
final class CountSumAtEof implements StatefulLogic<Long, String, long[]> {
    private final long[] countSum;

    CountSumAtEof(long[] saved) {
        countSum = saved == null ? new long[2] : saved;
    }

    @Override
    public StateAction onItem(Long value, Emitter<? super String> out) {
        countSum[0]++;
        countSum[1] += value;
        return StateAction.KEEP;
    }

    @Override
    public StateAction onEof(Emitter<? super String> out) {
        out.emit(countSum[0] + "," + countSum[1]);
        return StateAction.KEEP;
    }

    @Override
    public long[] snapshot() {
        return countSum.clone();
    }
}
