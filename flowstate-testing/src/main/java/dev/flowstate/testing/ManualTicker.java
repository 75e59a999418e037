package dev.flowstate.testing;

import dev.flowstate.internal.runtime.Ticker;

import java.time.Duration;
import java.time.Instant;

/** Processing time that moves only when the test driver advances it. Thread-safe. */
final class ManualTicker implements Ticker {
    private final Instant origin;
    private volatile long elapsedNanos;

    ManualTicker(Instant origin) {
        this.origin = origin;
    }

    @Override
    public long nanos() {
        return elapsedNanos;
    }

    @Override
    public Instant now() {
        return origin.plusNanos(elapsedNanos);
    }

    synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("processing time cannot go backwards: advance by " + by);
        }
        elapsedNanos = Math.addExact(elapsedNanos, by.toNanos());
    }
}
