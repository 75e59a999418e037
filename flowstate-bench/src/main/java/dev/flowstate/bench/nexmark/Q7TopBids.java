package dev.flowstate.bench.nexmark;

import dev.flowstate.Emitter;
import dev.flowstate.WindowLogic;
import dev.flowstate.bench.nexmark.Event.Bid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * q7's first stage, per auction and tumbling window: the highest bid price and every bid at it (ties are kept, since
 * the second stage emits all of them if this price is the window's maximum). Emits one {@link Top} on close.
 */
final class Q7TopBids implements WindowLogic<Bid, Q7TopBids.Top, Q7TopBids.Top> {

    /** The highest price of a window and the q7 rows of the bids at that price. */
    record Top(long price, Rows.Q7[] rows) {
    }

    private long price = Long.MIN_VALUE;
    private final List<Rows.Q7> rows = new ArrayList<>(1);

    Q7TopBids(Top saved) {
        if (saved != null) {
            price = saved.price();
            rows.addAll(Arrays.asList(saved.rows()));
        }
    }

    @Override
    public void onValue(Bid bid, Instant timestamp, Emitter<? super Top> out) {
        if (bid.price() > price) {
            price = bid.price();
            rows.clear();
        }
        if (bid.price() == price) {
            rows.add(new Rows.Q7(bid.auction(), bid.bidder(), bid.price(), bid.dateTime()));
        }
    }

    @Override
    public void onClose(Emitter<? super Top> out) {
        out.emit(snapshot());
    }

    @Override
    public Top snapshot() {
        return new Top(price, rows.toArray(new Rows.Q7[0]));
    }
}
