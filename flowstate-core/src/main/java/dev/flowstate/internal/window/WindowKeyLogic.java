package dev.flowstate.internal.window;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.TimeDomain;
import dev.flowstate.WindowLogic;
import dev.flowstate.internal.state.StateEntry;
import dev.flowstate.internal.time.Stamped;

import java.time.Instant;

/**
 * The per-key logic behind every window operator, on the general stateful operator: late items go out at once as
 * {@link Late}, others into the key's windows; an event-time timer at the earliest close time closes windows as the
 * watermark passes them, and end of input closes the rest.
 */
public final class WindowKeyLogic extends StateEntry<Stamped, Object, KeyWindows.Saved> {

    /** A late item on its way to the operator's {@code late} stream. */
    public record Late(Object value) {
    }

    private final KeyWindows windows;

    private WindowKeyLogic(KeyWindows windows) {
        this.windows = windows;
    }

    /**
     * The stateful builder of a window operator. {@code mergeable}: the logic merges states and emits only on close,
     * so fixed windows can be kept as panes.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static StatefulLogic.Builder<Object, Object, Object> builder(WindowShape shape,
                                                                      WindowLogic.Builder<?, ?, ?> logic,
                                                                      boolean mergeable) {
        WindowLogic.Builder<Object, Object, Object> b = (WindowLogic.Builder) logic;
        return resume -> {
            KeyWindows.Saved saved = (KeyWindows.Saved) resume;
            KeyWindows w = shape.session() ? new SessionWindows(shape, b, saved)
                    : mergeable ? new PaneWindows(shape, b, saved) : new EachWindow(shape, b, saved);
            return (StatefulLogic) new WindowKeyLogic(w);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public StateAction onItem(Stamped item, Emitter<? super Object> out) {
        if (item.late()) {
            out.emit(new Late(item.value()));
            return windows.isEmpty() ? StateAction.DISCARD : StateAction.KEEP;
        }
        windows.add(item.value(), item.timestamp(), (Emitter<Object>) out);
        return StateAction.KEEP;
    }

    @Override
    public Instant notifyAtEventTime() {
        long at = windows.nextClose();
        return at == Long.MAX_VALUE ? null : Instant.ofEpochMilli(at);
    }

    @Override
    @SuppressWarnings("unchecked")
    public StateAction onNotify(Instant time, TimeDomain domain, Emitter<? super Object> out) {
        if (domain == TimeDomain.EVENT) {
            windows.closeUpTo(time.toEpochMilli(), (Emitter<Object>) out);
        }
        return windows.isEmpty() ? StateAction.DISCARD : StateAction.KEEP;
    }

    @Override
    @SuppressWarnings("unchecked")
    public StateAction onEof(Emitter<? super Object> out) {
        windows.closeUpTo(Long.MAX_VALUE, (Emitter<Object>) out);
        return StateAction.DISCARD;
    }

    @Override
    public KeyWindows.Saved snapshot() {
        return windows.save();
    }
}
