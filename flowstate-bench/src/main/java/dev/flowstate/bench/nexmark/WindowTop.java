package dev.flowstate.bench.nexmark;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.TimeDomain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The second stage of q5 and q7, keyed by window end: gathers the per-key results of one window from every worker
 * (each a {@link Candidate} with a score and its rows) and, when the watermark reaches the window's end, emits the
 * rows of every candidate with the highest score (ties all emit, NEXMARK.md §6 pitfall 6), then forgets the window.
 *
 * <p>The first stage's window closes on the same watermark: it emits its candidates before passing that watermark
 * on, and this step's watermark is the minimum over all sending workers, so when this timer fires every candidate of
 * the window has arrived.
 */
final class WindowTop implements StatefulLogic<WindowTop.Candidate, Row, WindowTop.Candidate> {

    /** One key's result for the window ending at {@code windowEnd}: its score and the rows it would contribute. */
    record Candidate(long windowEnd, long score, Row[] rows) {
    }

    private static final long UNSET = Long.MIN_VALUE;

    private long windowEnd = UNSET;
    private long best = Long.MIN_VALUE;
    private final List<Row> rows = new ArrayList<>();

    /** Resumes from the best candidates so far, saved in the shape of one candidate. */
    WindowTop(Candidate saved) {
        if (saved != null) {
            windowEnd = saved.windowEnd();
            best = saved.score();
            rows.addAll(Arrays.asList(saved.rows()));
        }
    }

    @Override
    public StateAction onItem(Candidate c, Emitter<? super Row> out) {
        windowEnd = c.windowEnd();
        if (c.score() > best) {
            best = c.score();
            rows.clear();
        }
        if (c.score() == best) {
            rows.addAll(Arrays.asList(c.rows()));
        }
        return StateAction.KEEP;
    }

    @Override
    public Instant notifyAtEventTime() {
        return windowEnd == UNSET ? null : Instant.ofEpochMilli(windowEnd);
    }

    @Override
    public StateAction onNotify(Instant time, TimeDomain domain, Emitter<? super Row> out) {
        return domain == TimeDomain.EVENT ? emit(out) : StateAction.KEEP;
    }

    /** Event timers fire before the end of input; this only matters if one did not. */
    @Override
    public StateAction onEof(Emitter<? super Row> out) {
        return emit(out);
    }

    private StateAction emit(Emitter<? super Row> out) {
        for (Row r : rows) {
            out.emit(r);
        }
        return StateAction.DISCARD;
    }

    @Override
    public Candidate snapshot() {
        return new Candidate(windowEnd, best, rows.toArray(new Row[0]));
    }
}
