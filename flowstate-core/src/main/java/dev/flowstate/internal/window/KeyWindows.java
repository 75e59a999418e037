package dev.flowstate.internal.window;

import dev.flowstate.Emitter;
import dev.flowstate.WindowLogic;
import dev.flowstate.WindowMeta;
import dev.flowstate.Windowed;

import java.time.Instant;

/** The open windows of one key, of one windowing scheme. Single-threaded; saved as a {@link Saved}. */
interface KeyWindows {
    /** Adds an item that is not late. */
    void add(Object value, long ts, Emitter<Object> out);

    /** The event time (allowed lateness included) at which the earliest open window closes; MAX_VALUE if none. */
    long nextClose();

    /** Closes, in order, every window whose close time is at or before {@code watermark}. */
    void closeUpTo(long watermark, Emitter<Object> out);

    boolean isEmpty();

    Saved save();

    /** A key's windows as saved: a cursor, and per window (or pane, or session) its id, end and logic state. */
    record Saved(long cursor, long[] ids, long[] ends, Object[] states) {
    }

    /** Emits a closing window: its metadata, then what its logic emits on close. */
    static void emitClosed(long id, long start, long end, WindowLogic<Object, Object, Object> logic, Emitter<Object> out) {
        out.emit(new WindowMeta(id, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end)));
        logic.onClose(r -> out.emit(new Windowed<>(id, r)));
    }

    /** What a window's logic emits while it is open goes out under the window's id. */
    static Emitter<Object> under(long id, Emitter<Object> out) {
        return r -> out.emit(new Windowed<>(id, r));
    }
}
