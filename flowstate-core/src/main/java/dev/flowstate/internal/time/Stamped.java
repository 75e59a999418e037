package dev.flowstate.internal.time;

/**
 * A value as the exchange in front of a timed step delivers it: with its event time (epoch millis) and whether it
 * was late on its input partition when the sending worker read it. Lateness is decided there, against the
 * partition's own watermark, so it does not depend on how the inputs of several workers interleave.
 */
public record Stamped(Object value, long timestamp, boolean late) {
}
