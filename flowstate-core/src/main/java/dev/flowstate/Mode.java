package dev.flowstate;

/** Option values of {@link KeyedStream#join join}. */
public final class Mode {
    private Mode() {
    }

    /** What a join keeps of the values that arrive on one side for one key. */
    public enum Insert {
        /** Keep the first value per side; later ones are ignored. */
        FIRST,
        /** Keep the latest value per side. */
        LAST,
        /** Keep every value per side and emit the cross product of the sides. */
        PRODUCT
    }

    /** When a join emits. */
    public enum Emit {
        /** As soon as every side has a value; the key's state is then discarded. */
        COMPLETE,
        /** At EOF, whatever the sides hold (missing sides are null). */
        FINAL,
        /** After every value, whatever the sides hold (missing sides are null). */
        RUNNING
    }
}
