package dev.flowstate;

import java.time.Instant;

/**
 * A window of a key: its id, and its start (inclusive) and end (exclusive) in event time. Ids: for tumbling and
 * sliding windows the index of the window counted from the windower's alignment (negative before it); for a session
 * the milliseconds from the alignment to its first item. A window's id is unique within its key.
 */
public record WindowMeta(long id, Instant start, Instant end) {
}
