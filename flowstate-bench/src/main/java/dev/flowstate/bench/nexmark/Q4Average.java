package dev.flowstate.bench.nexmark;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.TimeDomain;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * q4's second stage, per category: the running average of winning prices in the order {@code (expires, auction id)}
 * that NEXMARK.md §3.4 makes part of the definition. Winners are held until the watermark reaches their expiry, when
 * every winner expiring at that time has arrived from every worker (the first stage emits a winner on that same
 * watermark, before passing it on); then they are added in id order and each emits {@code (category, id, average)}.
 * Only the pending winners and the running sum and count are kept.
 */
final class Q4Average implements StatefulLogic<Q4Winner.Winner, Rows.Q4, Q4Average.State> {
    private static final Comparator<Q4Winner.Winner> ORDER =
            Comparator.comparingLong(Q4Winner.Winner::expires).thenComparingLong(Q4Winner.Winner::auction);

    /** The saved state: the running sum and count, and the winners not yet added. */
    record State(long sum, long count, Q4Winner.Winner[] pending) {
    }

    private long sum;
    private long count;
    private final PriorityQueue<Q4Winner.Winner> pending = new PriorityQueue<>(ORDER);

    Q4Average(State saved) {
        if (saved != null) {
            sum = saved.sum();
            count = saved.count();
            pending.addAll(Arrays.asList(saved.pending()));
        }
    }

    @Override
    public StateAction onItem(Q4Winner.Winner winner, Emitter<? super Rows.Q4> out) {
        pending.add(winner);
        return StateAction.KEEP;
    }

    @Override
    public Instant notifyAtEventTime() {
        return pending.isEmpty() ? null : Instant.ofEpochMilli(pending.peek().expires());
    }

    @Override
    public StateAction onNotify(Instant time, TimeDomain domain, Emitter<? super Rows.Q4> out) {
        if (domain == TimeDomain.EVENT) {
            emitUpTo(time.toEpochMilli(), out);
        }
        return StateAction.KEEP;
    }

    /** Event timers fire before the end of input; this only matters if one did not. */
    @Override
    public StateAction onEof(Emitter<? super Rows.Q4> out) {
        emitUpTo(Long.MAX_VALUE, out);
        return StateAction.DISCARD;
    }

    @Override
    public State snapshot() {
        return new State(sum, count, pending.toArray(new Q4Winner.Winner[0]));
    }

    /** Adds every pending winner expiring at or before {@code time} to the average, in (expires, id) order. */
    private void emitUpTo(long time, Emitter<? super Rows.Q4> out) {
        while (!pending.isEmpty() && pending.peek().expires() <= time) {
            Q4Winner.Winner w = pending.poll();
            sum += w.price();
            count++;
            out.emit(new Rows.Q4(w.category(), w.auction(), sum / count));
        }
    }
}
