package dev.flowstate;

/**
 * Where a windowed or timed step reads the time of an item from, and how its watermark advances. Two kinds:
 * {@link SystemClock} (processing time: an item's time is when it reaches the step) and {@link EventClock} (event
 * time read from the item, with a watermark that trails the largest time seen).
 *
 * <p>A clock is evaluated <em>per input partition</em>, never per key: each source partition feeding the step keeps
 * its own largest timestamp and watermark, on the worker reading that partition, and the step's watermark is the
 * minimum over all of them (see {@code docs/windowing.md}). Clocks are immutable and may be shared by steps.
 *
 * @param <V> the type of value whose time the clock reads
 */
public sealed interface Clock<V> permits SystemClock, EventClock {
}
