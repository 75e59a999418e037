package dev.flowstate.internal.runtime;

import java.time.Instant;

/**
 * The processing-time source of one execution: epoch deadlines, processing-time timers and timeouts all read it.
 * {@link #SYSTEM} is the real clock; a test driver installs a manual one so that processing time moves only when
 * the test says so. Implementations are thread-safe.
 */
public interface Ticker {
    /** Monotonic nanoseconds, for deadlines (only differences are meaningful). */
    long nanos();

    /** The current processing time, for timers. */
    Instant now();

    /** The real clock: {@link System#nanoTime()} and {@link Instant#now()}. */
    Ticker SYSTEM = new Ticker() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };
}
