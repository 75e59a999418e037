package dev.flowstate.internal.runtime;

import java.time.Instant;

/**
 * The current processing time as seen by the worker running the calling thread: operators that stamp a due time
 * (e.g. a collect timeout) read it here, so a manual {@link Ticker} controls them as it controls the engine's own
 * timers. Outside a worker thread it is the system clock.
 */
public final class ProcessingTime {
    private static final ThreadLocal<Ticker> CURRENT = ThreadLocal.withInitial(() -> Ticker.SYSTEM);

    private ProcessingTime() {
    }

    /** Now, by the calling worker's ticker. */
    public static Instant now() {
        return CURRENT.get().now();
    }

    static void bind(Ticker ticker) {
        CURRENT.set(ticker);
    }
}
