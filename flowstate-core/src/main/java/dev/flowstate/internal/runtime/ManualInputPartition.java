package dev.flowstate.internal.runtime;

import dev.flowstate.io.ManualInput;
import dev.flowstate.io.SourcePartition;

import java.util.Iterator;
import java.util.function.Consumer;

/** Adapts one worker's {@link ManualInput} iterator to a source partition whose resume state is the last yielded state. */
final class ManualInputPartition implements SourcePartition<Object, Object> {
    private static final int BATCH = 1000;
    /** A slow iterator must not hold the worker: a batch ends after this long, so epochs close on time. */
    private static final long BATCH_NANOS = 5_000_000;
    private final Iterator<ManualInput.Resumable<Object>> items;
    private Object state;

    ManualInputPartition(Iterator<ManualInput.Resumable<Object>> items, Object resumeState) {
        this.items = items;
        this.state = resumeState;
    }

    @Override
    public boolean nextBatch(Consumer<? super Object> out) {
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            if ((i & 15) == 15 && System.nanoTime() - start > BATCH_NANOS) {
                return true;
            }
            if (!items.hasNext()) {
                return false;
            }
            ManualInput.Resumable<Object> next = items.next();
            state = next.state();
            out.accept(next.item());
        }
        return true;
    }

    @Override
    public Object snapshot() {
        return state;
    }
}
