package dev.flowstate.internal.window;

import dev.flowstate.Windower;

/**
 * The arithmetic of a {@link Windower} in epoch milliseconds. Fixed windows (tumbling, sliding) are numbered from the
 * alignment: window {@code w} is {@code [align + w·offset, align + w·offset + length)}. They are stored as panes of
 * {@code gcd(length, offset)}, so each item updates one pane. Overflow is avoided by working relative to the
 * alignment, so an alignment far in the past or future is harmless (Bytewax #413).
 */
public final class WindowShape {
    final Windower.Kind kind;
    final long align;
    final long length;
    final long offset;
    final long pane;
    final long lateness;

    public WindowShape(Windower w) {
        this.kind = w.kind();
        this.align = w.alignment().toEpochMilli();
        this.length = w.length().toMillis();
        this.offset = w.offset().toMillis();
        this.pane = gcd(length, offset);
        this.lateness = w.allowedLateness().toMillis();
    }

    public boolean session() {
        return kind == Windower.Kind.SESSION;
    }

    /**
     * The event time from which an item of time {@code ts} counts as late (before adding the allowed lateness): the
     * end of the earliest window holding it; for sessions {@code ts + 1}, because an item behind the watermark could
     * bridge into a session that was already emitted.
     */
    public long lateBound(long ts) {
        return session() ? ts + 1 : end(firstWindow(ts));
    }

    public long allowedLateness() {
        return lateness;
    }

    /** The earliest fixed window holding {@code ts}. */
    long firstWindow(long ts) {
        return Math.floorDiv(ts - align - length, offset) + 1;
    }

    /** The latest fixed window holding {@code ts}. */
    long lastWindow(long ts) {
        return Math.floorDiv(ts - align, offset);
    }

    long start(long window) {
        return align + window * offset;
    }

    long end(long window) {
        return align + window * offset + length;
    }

    long paneOf(long ts) {
        return Math.floorDiv(ts - align, pane);
    }

    /** The first pane of window {@code w}. */
    long firstPane(long w) {
        return w * (offset / pane);
    }

    /** The pane after the last one of window {@code w}. */
    long endPane(long w) {
        return w * (offset / pane) + length / pane;
    }

    /** The earliest window holding pane {@code p}. */
    long firstWindowOfPane(long p) {
        return Math.floorDiv(p * pane - length, offset) + 1;
    }

    /** {@code a + b}, saturating at {@link Long#MAX_VALUE}. */
    static long plus(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
