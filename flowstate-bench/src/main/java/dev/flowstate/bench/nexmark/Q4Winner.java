package dev.flowstate.bench.nexmark;

import dev.flowstate.Emitter;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.TimeDomain;
import dev.flowstate.bench.nexmark.Event.Auction;
import dev.flowstate.bench.nexmark.Event.Bid;

import java.time.Instant;
import java.util.Arrays;

/**
 * q4's first stage, per auction id, in event time (NEXMARK.md §3.4): the highest price among the bids valid for the
 * auction ({@code dateTime <= bid time < expires}), emitted as a {@link Winner} when the watermark reaches the
 * auction's expiry, after which the state is dropped.
 *
 * <p>Bids often arrive before their auction (bids name auctions up to 10 ids ahead, and in a parallel run the bid and
 * its auction come from different partitions), so a bid for an unknown auction waits in {@code early}, a flat array of
 * (time, price) pairs that grows by doubling (§6 pitfall 5). It is dropped once the watermark passes its time: from
 * then on no auction it could be valid for can still arrive. A bid that comes after its auction closed lands in
 * {@code early} the same way and is dropped the same way, so results never depend on how long state is kept.
 */
final class Q4Winner implements StatefulLogic<Event, Q4Winner.Winner, Q4Winner.State> {

    /** The winning price of an auction, with what q4's second stage orders and groups it by. */
    record Winner(long auction, long category, long expires, long price) {
    }

    /** The saved state: the auction if seen (null otherwise), the best valid price (-1: none), the early bids. */
    record State(Auction auction, long best, long[] early) {
    }

    private Auction auction;
    private long best = -1;
    private long[] early;
    private int earlyLength;
    private long earliestEarly = Long.MAX_VALUE;

    Q4Winner(State saved) {
        if (saved != null) {
            auction = saved.auction();
            best = saved.best();
            early = saved.early();
            earlyLength = early == null ? 0 : early.length;
            earliestEarly = earliest(early, earlyLength);
        }
    }

    @Override
    public StateAction onItem(Event event, Emitter<? super Winner> out) {
        if (event instanceof Auction a) {
            auction = a;
            for (int i = 0; i < earlyLength; i += 2) {
                offer(early[i], early[i + 1]);
            }
            early = null;
            earlyLength = 0;
            earliestEarly = Long.MAX_VALUE;
        } else {
            Bid bid = (Bid) event;
            if (auction != null) {
                offer(bid.dateTime(), bid.price());
            } else {
                addEarly(bid.dateTime(), bid.price());
            }
        }
        return StateAction.KEEP;
    }

    /** The auction's expiry once it is known; else just after the earliest waiting bid's time. */
    @Override
    public Instant notifyAtEventTime() {
        if (auction != null) {
            return Instant.ofEpochMilli(auction.expires());
        }
        return earlyLength == 0 ? null : Instant.ofEpochMilli(earliestEarly + 1);
    }

    @Override
    public StateAction onNotify(Instant time, TimeDomain domain, Emitter<? super Winner> out) {
        if (domain != TimeDomain.EVENT) {
            return StateAction.KEEP;
        }
        if (auction != null) {
            return close(out);
        }
        dropEarlyBefore(time.toEpochMilli());
        return earlyLength == 0 ? StateAction.DISCARD : StateAction.KEEP;
    }

    /** Event timers fire before the end of input; this only matters if one did not. */
    @Override
    public StateAction onEof(Emitter<? super Winner> out) {
        return auction != null ? close(out) : StateAction.DISCARD;
    }

    @Override
    public State snapshot() {
        return new State(auction, best, early == null ? null : Arrays.copyOf(early, earlyLength));
    }

    private StateAction close(Emitter<? super Winner> out) {
        if (best >= 0) {
            out.emit(new Winner(auction.id(), auction.category(), auction.expires(), best));
        }
        return StateAction.DISCARD;
    }

    private void offer(long time, long price) {
        if (auction.dateTime() <= time && time < auction.expires() && price > best) {
            best = price;
        }
    }

    private void addEarly(long time, long price) {
        if (early == null) {
            early = new long[8];
        } else if (earlyLength == early.length) {
            early = Arrays.copyOf(early, early.length * 2);
        }
        early[earlyLength++] = time;
        early[earlyLength++] = price;
        earliestEarly = Math.min(earliestEarly, time);
    }

    /** Drops the waiting bids with a time before {@code watermark}: no auction they are valid for can still come. */
    private void dropEarlyBefore(long watermark) {
        int kept = 0;
        for (int i = 0; i < earlyLength; i += 2) {
            if (early[i] >= watermark) {
                early[kept++] = early[i];
                early[kept++] = early[i + 1];
            }
        }
        earlyLength = kept;
        earliestEarly = earliest(early, earlyLength);
        if (earlyLength == 0) {
            early = null;
        }
    }

    private static long earliest(long[] pairs, int length) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < length; i += 2) {
            min = Math.min(min, pairs[i]);
        }
        return min;
    }
}
