package dev.flowstate.bench.nexmark;

import dev.flowstate.Dataflow;
import dev.flowstate.KeyedStream;
import dev.flowstate.Stream;
import dev.flowstate.bench.Tally;
import dev.flowstate.bench.TallySink;
import dev.flowstate.bench.nexmark.Event.Auction;
import dev.flowstate.bench.nexmark.Event.Bid;
import dev.flowstate.bench.nexmark.Event.Person;

import java.util.Set;

/**
 * The Nexmark queries as Flowstate dataflows: the {@link NexmarkSource} with one partition per worker, the query's
 * steps, and a sink that counts rows and sums their {@link Row#rowHash() hashes} into a {@link Tally} (the checksum
 * is that sum mod 2^61). Stateless queries run fused on each worker with no exchange; keyed ones exchange only the
 * events they read.
 */
public final class NexmarkDataflows {
    private static final Set<String> Q3_STATES = Set.of("OR", "ID", "CA");

    private NexmarkDataflows() {
    }

    /** The dataflow of {@code query} over events {@code 0 … events−1} read in {@code partitions} partitions. */
    public static Dataflow build(Query query, long events, int partitions, Tally tally) {
        Dataflow flow = new Dataflow("nexmark_" + query.label());
        Stream<Event> input = flow.input("events", new NexmarkSource(events, partitions));
        Stream<? extends Row> rows = switch (query) {
            case Q0 -> input;
            case Q1 -> q1(input);
            case Q2 -> q2(input);
            case Q3 -> q3(input);
            case Q4, Q5, Q7, Q8 -> throw new UnsupportedOperationException(query.label() + " needs event time");
        };
        rows.output("checksum", new TallySink<Row>(tally, Row::rowHash));
        return flow;
    }

    /** The outcome a finished run of {@link #build} reported into {@code tally}. */
    public static Outcome outcome(Tally tally) {
        return new Outcome(tally.totals().count(), RowHash.checksum(tally.totals().checksum()));
    }

    private static Stream<Rows.Q1> q1(Stream<Event> events) {
        return events.filterMap("euro", e -> e instanceof Bid b
                ? new Rows.Q1(b.auction(), b.bidder(), b.price() * 908 / 1000, b.channel(), b.url(), b.dateTime())
                : null);
    }

    private static Stream<Rows.Q2> q2(Stream<Event> events) {
        return events.filterMap("select", e -> e instanceof Bid b && b.auction() % 123 == 0
                ? new Rows.Q2(b.auction(), b.price())
                : null);
    }

    /** Persons in OR/ID/CA keyed by id and category-10 auctions keyed by seller, joined per person. */
    private static Stream<Rows.Q3> q3(Stream<Event> events) {
        KeyedStream<Long, Event> sides = events
                .filter("local_or_category_10", e -> e instanceof Person p ? Q3_STATES.contains(p.state())
                        : e instanceof Auction a && a.category() == 10)
                .keyOn("by_person", e -> e instanceof Person p ? p.id() : ((Auction) e).seller());
        return sides.stateful("join", Q3Join::new).keyRm("rows");
    }
}
