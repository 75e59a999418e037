package dev.flowstate.internal.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter with one writing thread and any number of readers. The writer adds with an opaque store (a plain move on
 * the hardware: no fence, no atomic read-modify-write), readers see a recent, untorn value. That is what makes
 * counting every item cheap enough for the hot path.
 */
public final class Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Only from the one writing thread. */
    public void add(long n) {
        VALUE.setOpaque(this, (long) VALUE.getOpaque(this) + n);
    }

    /** Only from the one writing thread. */
    public void set(long v) {
        VALUE.setOpaque(this, v);
    }

    /** From any thread. */
    public long get() {
        return (long) VALUE.getOpaque(this);
    }
}
