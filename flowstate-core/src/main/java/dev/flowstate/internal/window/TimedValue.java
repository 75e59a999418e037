package dev.flowstate.internal.window;

/** A value with its event time (epoch millis), as window logics that order by time keep it. */
public record TimedValue(long ts, Object value) {
}
