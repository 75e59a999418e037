package dev.flowstate.faults;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Limits how fast each worker passes items on, so that a fault job runs for a predictable time however fast the
 * engine is: the kill delays of the scenarios then land mid-run on any machine that is faster than the pace.
 */
final class Pace {
    private Pace() {
    }

    /** An observer for {@code Stream.inspect} that keeps each worker thread at or below {@code itemsPerSecond}. */
    static <T> Consumer<T> perWorker(long itemsPerSecond) {
        if (itemsPerSecond <= 0) {
            throw new IllegalArgumentException("pace must be positive, was " + itemsPerSecond);
        }
        ThreadLocal<long[]> startAndCount = ThreadLocal.withInitial(() -> new long[]{System.nanoTime(), 0});
        return item -> {
            long[] sc = startAndCount.get();
            if ((++sc[1] & 255) == 0) {
                long due = sc[0] + sc[1] * 1_000_000_000L / itemsPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        };
    }
}
