package dev.flowstate.io;

import java.util.ArrayList;
import java.util.List;

/** Test helper: drives a source partition the way a worker would, without the engine. */
public final class Drain {
    private static final int MAX_CALLS = 1_000_000;

    private Drain() {
    }

    /** Calls {@code nextBatch} until it returns false; returns everything emitted. */
    public static <T> List<T> all(SourcePartition<T, ?> partition) throws Exception {
        List<T> out = new ArrayList<>();
        for (int calls = 0; calls < MAX_CALLS; calls++) {
            if (!partition.nextBatch(out::add)) {
                return out;
            }
        }
        throw new AssertionError("partition not exhausted after " + MAX_CALLS + " batches");
    }

    /** Calls {@code nextBatch} once; returns what it emitted. */
    public static <T> List<T> batch(SourcePartition<T, ?> partition) throws Exception {
        List<T> out = new ArrayList<>();
        partition.nextBatch(out::add);
        return out;
    }
}
