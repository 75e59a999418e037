package dev.flowstate;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How a window operator groups the items of a key by event time. Immutable; the options return new windowers.
 *
 * <ul>
 *   <li>{@link #tumbling}: back-to-back windows {@code [align + i·length, align + (i+1)·length)}; each item is in one.
 *   <li>{@link #sliding}: windows of {@code length} starting every {@code offset}; an item is in
 *       {@code length / offset} of them (rounded up). Built-in aggregates still cost one update per item.
 *   <li>{@link #session}: a key's items closer than {@code gap} to each other form one session, which ends
 *       {@code gap} after its last item; an item bridging two sessions merges them.
 * </ul>
 *
 * A window closes when the watermark reaches its end plus the allowed lateness (default zero), or at end of input.
 * Durations have millisecond resolution.
 */
public final class Windower {
    /** The kind of windows. */
    public enum Kind { TUMBLING, SLIDING, SESSION }

    private final Kind kind;
    private final Duration length;
    private final Duration offset;
    private final Instant alignTo;
    private final Duration allowedLateness;

    private Windower(Kind kind, Duration length, Duration offset, Instant alignTo, Duration allowedLateness) {
        this.kind = kind;
        this.length = length;
        this.offset = offset;
        this.alignTo = alignTo;
        this.allowedLateness = allowedLateness;
    }

    /** Back-to-back windows of {@code length}, aligned to 1970-01-01T00:00Z unless {@link #alignTo} says otherwise. */
    public static Windower tumbling(Duration length) {
        return new Windower(Kind.TUMBLING, positive(length, "tumbling window length"), null, Instant.EPOCH, Duration.ZERO);
    }

    /** Windows of {@code length} starting every {@code offset} ({@code 0 < offset <= length}). */
    public static Windower sliding(Duration length, Duration offset) {
        positive(length, "sliding window length");
        positive(offset, "sliding window offset");
        if (offset.compareTo(length) > 0) {
            throw new IllegalArgumentException("sliding window offset " + offset + " is longer than its length "
                    + length + ": items between windows would belong to none; use an offset <= length");
        }
        return new Windower(Kind.SLIDING, length, offset, Instant.EPOCH, Duration.ZERO);
    }

    /** Sessions: items of a key less than {@code gap} apart share a window ending {@code gap} after the last one. */
    public static Windower session(Duration gap) {
        return new Windower(Kind.SESSION, positive(gap, "session gap"), null, Instant.EPOCH, Duration.ZERO);
    }

    /**
     * Aligns window boundaries (tumbling, sliding) and ids (all kinds) to {@code origin}. An origin far in the past
     * or future is fine: windows repeat from it in both directions, so it never makes current items late.
     */
    public Windower alignTo(Instant origin) {
        Objects.requireNonNull(origin, "origin");
        origin.toEpochMilli(); // refuses instants beyond the millisecond range
        return new Windower(kind, length, offset, origin, allowedLateness);
    }

    /** Keeps windows open {@code lateness} longer after the watermark passed their end, for stragglers. */
    public Windower withAllowedLateness(Duration lateness) {
        Objects.requireNonNull(lateness, "lateness");
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, was " + lateness);
        }
        return new Windower(kind, length, offset, alignTo, millis(lateness, "allowed lateness"));
    }

    public Kind kind() {
        return kind;
    }

    /** The window length (tumbling, sliding) or the session gap. */
    public Duration length() {
        return length;
    }

    /** The distance between window starts: {@link #length()} except for sliding windows. */
    public Duration offset() {
        return offset == null ? length : offset;
    }

    public Instant alignment() {
        return alignTo;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "(" + length + (offset == null ? "" : ", " + offset) + ", align="
                + alignTo + ", lateness=" + allowedLateness + ")";
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return millis(d, what);
    }

    private static Duration millis(Duration d, String what) {
        if (d.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException(what + " " + d + " is not a whole number of milliseconds;"
                    + " windows have millisecond resolution");
        }
        return d;
    }
}
