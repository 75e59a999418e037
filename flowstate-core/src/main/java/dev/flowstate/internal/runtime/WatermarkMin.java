package dev.flowstate.internal.runtime;

/**
 * The watermark of a node with several inputs (a merge, an exchange receiver over all sending workers): the minimum
 * over inputs that are neither ended nor idle, forwarded only when it grows, so it never goes backwards. When every
 * live input is idle the node forwards an idle watermark at its last value; when one wakes up, it resumes.
 */
final class WatermarkMin {
    private final long[] marks;
    private final boolean[] idle;
    private final boolean[] ended;
    private long forwarded = Long.MIN_VALUE;
    private boolean forwardedIdle;

    WatermarkMin(int inputs) {
        marks = new long[inputs];
        idle = new boolean[inputs];
        ended = new boolean[inputs];
        java.util.Arrays.fill(marks, Long.MIN_VALUE);
    }

    /** Input {@code i} sent {@code w}; returns what to forward, or null. */
    Message.Watermark update(int i, Message.Watermark w) {
        marks[i] = Math.max(marks[i], w.time());
        idle[i] = w.idle();
        return next(w.epoch());
    }

    /** Input {@code i} ended: it no longer holds anything back; returns what to forward, or null. */
    Message.Watermark end(int i, long epoch) {
        ended[i] = true;
        return next(epoch);
    }

    private Message.Watermark next(long epoch) {
        long min = Long.MAX_VALUE;
        boolean live = false;
        boolean anyActive = false;
        for (int i = 0; i < marks.length; i++) {
            if (ended[i]) {
                continue;
            }
            live = true;
            if (!idle[i]) {
                anyActive = true;
                min = Math.min(min, marks[i]);
            }
        }
        if (!live) {
            return null; // everything ended: the EOF barrier closes what is left
        }
        if (!anyActive) {
            if (forwardedIdle) {
                return null;
            }
            forwardedIdle = true;
            return new Message.Watermark(epoch, forwarded, true);
        }
        if (min > forwarded || forwardedIdle) {
            forwarded = Math.max(forwarded, min);
            forwardedIdle = false;
            return new Message.Watermark(epoch, forwarded, false);
        }
        return null;
    }
}
