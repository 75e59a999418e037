package dev.flowstate;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Event time: each item's timestamp is read from the item, and each input partition's watermark trails the largest
 * timestamp it has seen by {@code maxOutOfOrderness}. An item whose window the watermark of its own partition has
 * already passed is late (it goes to the step's {@code late} stream). Timestamps have millisecond resolution.
 *
 * <p>Options (each returns a new clock): {@link #withIdleTimeout} lets a partition that sent nothing for a while stop
 * holding the watermark back; {@link #withWallClockAdvance} makes a quiet partition's watermark move on with the wall
 * clock (like Bytewax's {@code wait_for_system_duration}), so a quiet stream still closes its windows. Both make
 * results depend on timing; without them, windowed results are exactly reproducible, also across crashes.
 *
 * <p>Chaining options after {@code of} needs a method reference or a typed lambda ({@code (Bid b) -> b.time()}),
 * since Java infers nothing from a chain; passing {@code EventClock.of(b -> b.time(), d)} straight to a window
 * operator infers {@code b}'s type.
 *
 * @param <V> the type of value whose timestamp the clock reads
 */
public final class EventClock<V> implements Clock<V> {
    private final ToLongFunction<? super V> timestamp;
    private final Duration maxOutOfOrderness;
    private final Duration idleTimeout;
    private final boolean wallClockAdvance;

    private EventClock(ToLongFunction<? super V> timestamp, Duration maxOutOfOrderness, Duration idleTimeout,
                       boolean wallClockAdvance) {
        this.timestamp = timestamp;
        this.maxOutOfOrderness = maxOutOfOrderness;
        this.idleTimeout = idleTimeout;
        this.wallClockAdvance = wallClockAdvance;
    }

    /** A clock reading each value's time with {@code timestamp}; the watermark trails the largest time seen by {@code maxOutOfOrderness}. */
    public static <V> EventClock<V> of(Function<? super V, Instant> timestamp, Duration maxOutOfOrderness) {
        Objects.requireNonNull(timestamp, "timestamp");
        return ofEpochMillis(v -> {
            Instant t = timestamp.apply(v);
            if (t == null) {
                throw new NullPointerException("the clock's timestamp function returned null for " + v);
            }
            return t.toEpochMilli();
        }, maxOutOfOrderness);
    }

    /** Like {@link #of}, with the time given as milliseconds since 1970-01-01T00:00Z (no {@code Instant} per item). */
    public static <V> EventClock<V> ofEpochMillis(ToLongFunction<? super V> timestamp, Duration maxOutOfOrderness) {
        Objects.requireNonNull(timestamp, "timestamp");
        return new EventClock<>(timestamp, checkNonNegative(maxOutOfOrderness, "maxOutOfOrderness"), null, false);
    }

    /** A partition that delivered nothing for {@code idle} stops holding the watermark back until it delivers again. */
    public EventClock<V> withIdleTimeout(Duration idle) {
        Duration d = checkNonNegative(idle, "idle timeout");
        if (d.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, was " + d);
        }
        return new EventClock<>(timestamp, maxOutOfOrderness, d, wallClockAdvance);
    }

    /** After its last item a partition's watermark keeps advancing with the wall clock. */
    public EventClock<V> withWallClockAdvance() {
        return new EventClock<>(timestamp, maxOutOfOrderness, idleTimeout, true);
    }

    /** The value's timestamp in milliseconds since 1970-01-01T00:00Z. */
    public long timestampMillis(V value) {
        return timestamp.applyAsLong(value);
    }

    public Duration maxOutOfOrderness() {
        return maxOutOfOrderness;
    }

    /** The idle timeout, or null if partitions never count as idle. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    public boolean wallClockAdvance() {
        return wallClockAdvance;
    }

    @Override
    public String toString() {
        return "EventClock(maxOutOfOrderness=" + maxOutOfOrderness + ", idleTimeout=" + idleTimeout
                + ", wallClockAdvance=" + wallClockAdvance + ")";
    }

    private static Duration checkNonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + d);
        }
        return d;
    }
}
