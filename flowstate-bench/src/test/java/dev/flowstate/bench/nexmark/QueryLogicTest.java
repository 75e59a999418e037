package dev.flowstate.bench.nexmark;

import dev.flowstate.bench.nexmark.Event.Auction;
import dev.flowstate.bench.nexmark.Event.Bid;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queries' own logics driven in event time without the engine (which has tests of its own): q4's two stages with
 * auctions held back behind their bids as in a parallel run, and q7's two stages; the same outcome as the reference.
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

    /** q7's stages: {@link Q7TopBids} per auction and window (windows kept here), then {@link WindowTop} per window. */
    @Test
    void q7Logics_inEventTime_matchTheReference() {
        long events = 200_000;
        long window = NexmarkDataflows.WINDOW_MS;
        Checksum sum = new Checksum();
        LogicDriver<Long, WindowTop.Candidate, Row> top =
                LogicDriver.of(WindowTop.Candidate::windowEnd, WindowTop::new, sum::add);
        Map<Long, Map<Long, Q7TopBids>> open = new TreeMap<>();
        NexmarkGenerator generator = new NexmarkGenerator();
        for (long n = 0; n <= events; n++) {
            long watermark = n == events ? Long.MAX_VALUE : NexmarkGenerator.dateTime(n);
            for (Iterator<Map.Entry<Long, Map<Long, Q7TopBids>>> it = open.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Map<Long, Q7TopBids>> w = it.next();
                long end = (w.getKey() + 1) * window;
                if (end > watermark) {
                    break;
                }
                for (Q7TopBids logic : w.getValue().values()) {
                    logic.onClose(t -> top.item(new WindowTop.Candidate(end, t.price(), t.rows())));
                }
                it.remove();
            }
            top.advance(watermark);
            if (n < events && generator.event(n) instanceof Bid b) {
                open.computeIfAbsent(Math.floorDiv(b.dateTime(), window), w -> new HashMap<>())
                        .computeIfAbsent(b.auction(), a -> new Q7TopBids(null))
                        .onValue(b, Instant.ofEpochMilli(b.dateTime()), t -> { });
            }
        }
        top.eof();
        assertThat(new Outcome(sum.count(), sum.checksum())).isEqualTo(NexmarkExpected.of(Query.Q7, events));
    }
}
