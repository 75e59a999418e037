package dev.flowstate;

/**
 * Processing time: an item's timestamp is the wall-clock time at which it reaches the step, and the watermark is the
 * wall clock itself, so no item is ever late and a window closes once the wall clock passes its end. Results depend
 * on when items arrive, so they are not reproduced exactly after a resume; use an {@link EventClock} for that.
 */
public final class SystemClock implements Clock<Object> {
    private static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    /** The processing-time clock. */
    public static SystemClock of() {
        return INSTANCE;
    }

    @Override
    public String toString() {
        return "SystemClock";
    }
}
