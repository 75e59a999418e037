package dev.flowstate.internal.plan;

import dev.flowstate.Clock;
import dev.flowstate.EventClock;
import dev.flowstate.SystemClock;

import java.util.function.LongUnaryOperator;
import java.util.function.ToLongFunction;

/**
 * The clock of a timed stateful step, as the exchange in front of it applies it on the sending workers: how to read
 * an item value's timestamp (null: processing time), how each input partition's watermark trails it, and when an
 * item counts as late.
 *
 * @param timestamp      the value's event time in epoch millis; null for processing time
 * @param maxDelayMillis how far the watermark trails the largest timestamp
 * @param idleMillis     after this long without items a partition stops holding the watermark back; -1 never
 * @param wallAdvance    a partition's watermark moves on with the wall clock after its last item
 * @param lateBound      the event time from which an item of timestamp t is late (its earliest window's end); null
 *                       if items are never late (a plain stateful step)
 * @param latenessMillis the allowed lateness added to {@code lateBound}
 */
public record TimeSpec(ToLongFunction<Object> timestamp, long maxDelayMillis, long idleMillis, boolean wallAdvance,
                       LongUnaryOperator lateBound, long latenessMillis) {

    /** The spec of {@code clock}, with items never late. */
    @SuppressWarnings("unchecked")
    public static TimeSpec of(Clock<?> clock) {
        if (clock instanceof SystemClock) {
            return new TimeSpec(null, 0, -1, true, null, 0);
        }
        EventClock<Object> c = (EventClock<Object>) clock;
        return new TimeSpec(c::timestampMillis, c.maxOutOfOrderness().toMillis(),
                c.idleTimeout() == null ? -1 : c.idleTimeout().toMillis(), c.wallClockAdvance(), null, 0);
    }

    public TimeSpec withLateness(LongUnaryOperator bound, long lateness) {
        return new TimeSpec(timestamp, maxDelayMillis, idleMillis, wallAdvance, bound, lateness);
    }

    public TimeSpec withTimestamp(ToLongFunction<Object> ts) {
        return new TimeSpec(ts, maxDelayMillis, idleMillis, wallAdvance, lateBound, latenessMillis);
    }

    /**
     * The watermark at which an item of time {@code ts} is late: its earliest window's close time. An item is late
     * on its partition if that partition's watermark had reached this when the item arrived.
     */
    public long closeTime(long ts) {
        long bound = lateBound.applyAsLong(ts);
        long r = bound + latenessMillis;
        return ((bound ^ r) & (latenessMillis ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    public boolean processingTime() {
        return timestamp == null;
    }
}
