package dev.flowstate.bench.nexmark;

import dev.flowstate.bench.nexmark.Event.Auction;
import dev.flowstate.bench.nexmark.Event.Bid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * q4's two stages ({@link Q4Winner}, {@link Q4Average}) driven in event time without the engine, with bids held back
 * behind their auctions as in a parallel run: the same outcome as the reference, and bounded state.
 */
class QueryLogicTest {

    @Test
    void q4Logics_inEventTime_matchTheReference() {
        long events = 200_000;
        Checksum sum = new Checksum();
        LogicDriver<Long, Q4Winner.Winner, Rows.Q4> average =
                LogicDriver.of(Q4Winner.Winner::category, Q4Average::new, sum::add);
        LogicDriver<Long, Event, Q4Winner.Winner> winners = LogicDriver.of(
                e -> e instanceof Auction a ? a.id() : ((Bid) e).auction(), Q4Winner::new, average::item);
        NexmarkGenerator generator = new NexmarkGenerator();
        // Auctions reach the join 50 events later than their position (bids overtake them), within the same ms or
        // just after, so the watermark (the time of the last event delivered) never passes an undelivered event.
        List<Event> delayed = new ArrayList<>();
        int maxKeys = 0;
        for (long n = 0; n < events; n++) {
            Event e = generator.event(n);
            if (e instanceof Auction) {
                delayed.add(e);
            } else if (e instanceof Bid) {
                winners.item(e);
            }
            if (n % 10 == 9) {
                delayed.forEach(winners::item);
                delayed.clear();
                long watermark = e.dateTime();
                winners.advance(watermark);
                average.advance(watermark);
            }
            maxKeys = Math.max(maxKeys, winners.keys());
        }
        delayed.forEach(winners::item);
        winners.eof();
        average.eof();
        assertThat(new Outcome(sum.count(), sum.checksum())).isEqualTo(NexmarkExpected.of(Query.Q4, events));
        assertThat(maxKeys).as("auctions held at once").isLessThan(1_000);
    }
}
