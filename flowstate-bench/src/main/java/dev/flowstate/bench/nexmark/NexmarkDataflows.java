package dev.flowstate.bench.nexmark;

import dev.flowstate.Dataflow;
import dev.flowstate.EventClock;
import dev.flowstate.KeyedStream;
import dev.flowstate.Mode;
import dev.flowstate.Stream;
import dev.flowstate.WindowOut;
import dev.flowstate.Windower;
import dev.flowstate.bench.Tally;
import dev.flowstate.bench.TallySink;
import dev.flowstate.bench.nexmark.Event.Auction;
import dev.flowstate.bench.nexmark.Event.Bid;
import dev.flowstate.bench.nexmark.Event.Person;

import java.time.Duration;
import java.util.Set;

/**
 * The Nexmark queries as Flowstate dataflows: the {@link NexmarkSource} with one partition per worker, the query's
 * steps, and a sink that counts rows and sums their {@link Row#rowHash() hashes} into a {@link Tally} (the checksum
 * is that sum mod 2^61). Stateless queries run fused on each worker with no exchange; keyed ones exchange only the
 * events they read.
 *
 * <p>The windowed queries (q4, q5, q7, q8) run in event time: each event's time is its {@code dateTime}, read per
 * source partition by an {@link EventClock} with no allowed disorder (a partition's events are in time order), so
 * the watermark of a step is the least event time all partitions have reached. Windows and auctions close as the
 * watermark passes them and their state is dropped; end of input closes the rest (§6 pitfall 7). No step holds
 * its input until the end.
 */
public final class NexmarkDataflows {
    private static final Set<String> Q3_STATES = Set.of("OR", "ID", "CA");
    /** Window length of q5, q7 and q8, and q5's slide, in ms; windows are aligned to the epoch (§3). */
    static final long WINDOW_MS = 10_000;
    static final long Q5_SLIDE_MS = 2_000;
    private static final Windower TUMBLING = Windower.tumbling(Duration.ofMillis(WINDOW_MS));

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
            case Q4 -> q4(input);
            case Q5 -> q5(input);
            case Q7 -> q7(input);
            case Q8 -> q8(input);
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

    /** Auctions and bids keyed by auction id into {@link Q4Winner}, its winners keyed by category into {@link Q4Average}. */
    private static Stream<Rows.Q4> q4(Stream<Event> events) {
        return events.filter("auctions_and_bids", e -> !(e instanceof Person))
                .keyOn("by_auction", e -> e instanceof Auction a ? a.id() : ((Bid) e).auction())
                .stateful("winner", EventClock.ofEpochMillis(Event::dateTime, Duration.ZERO), Q4Winner::new)
                .keyRm("winners")
                .keyOn("by_category", Q4Winner.Winner::category)
                .stateful("average", Q4Average::new)
                .keyRm("rows");
    }

    /** Bid counts per auction in 10 s windows sliding by 2 s, then per window the auctions with the most bids. */
    private static Stream<Row> q5(Stream<Event> events) {
        WindowOut<Long, Bid, Long> counts = bids(events)
                .keyOn("by_auction", Bid::auction)
                .countWindow("count", EventClock.ofEpochMillis(Bid::dateTime, Duration.ZERO),
                        Windower.sliding(Duration.ofMillis(WINDOW_MS), Duration.ofMillis(Q5_SLIDE_MS)));
        failOnLate(counts.late(), "q5");
        return top(counts.down().map("candidates", kv -> {
            long start = kv.value().windowId() * Q5_SLIDE_MS;
            long count = kv.value().value();
            return new WindowTop.Candidate(start + WINDOW_MS, count,
                    new Row[] {new Rows.Q5(start, kv.key(), count)});
        }));
    }

    /** The highest bids per auction and tumbling window, then per window the bids at the highest price of all. */
    private static Stream<Row> q7(Stream<Event> events) {
        WindowOut<Long, Bid, Q7TopBids.Top> tops = bids(events)
                .keyOn("by_auction", Bid::auction)
                .window("top_bids", EventClock.ofEpochMillis(Bid::dateTime, Duration.ZERO), TUMBLING, Q7TopBids::new);
        failOnLate(tops.late(), "q7");
        return top(tops.down().map("candidates", kv -> new WindowTop.Candidate(
                (kv.value().windowId() + 1) * WINDOW_MS, kv.value().value().price(), kv.value().value().rows())));
    }

    /** Persons joined with the sellers of auctions per person id and tumbling window; a person with a seller is a row. */
    private static Stream<Rows.Q8> q8(Stream<Event> events) {
        KeyedStream<Long, Person> persons = events.filterMap("persons", e -> e instanceof Person p ? p : null)
                .keyOn("by_id", Person::id);
        KeyedStream<Long, Auction> auctions = events.filterMap("auctions", e -> e instanceof Auction a ? a : null)
                .keyOn("by_seller", Auction::seller);
        WindowOut<Long, KeyedStream.Joined<Person, Auction>, KeyedStream.Joined<Person, Auction>> joined =
                persons.joinWindow("new_sellers", EventClock.ofEpochMillis(Person::dateTime, Duration.ZERO),
                        auctions, EventClock.ofEpochMillis(Auction::dateTime, Duration.ZERO), TUMBLING,
                        Mode.Insert.FIRST, Mode.Emit.FINAL);
        failOnLate(joined.late(), "q8");
        return joined.down().filterMap("rows", kv -> {
            KeyedStream.Joined<Person, Auction> row = kv.value().value();
            return row.left() != null && row.right() != null
                    ? new Rows.Q8(row.left().id(), row.left().name(), kv.value().windowId() * WINDOW_MS)
                    : null;
        });
    }

    private static Stream<Bid> bids(Stream<Event> events) {
        return events.filterMap("bids", e -> e instanceof Bid b ? b : null);
    }

    /** The second stage of q5 and q7: per window end, the rows of the best candidates, when the window closes. */
    private static Stream<Row> top(Stream<WindowTop.Candidate> candidates) {
        return candidates.keyOn("by_window", WindowTop.Candidate::windowEnd)
                .stateful("top", WindowTop::new)
                .keyRm("rows");
    }

    /**
     * Partitions emit in event-time order and the clocks allow no disorder, so no item can be late; one that is means
     * the watermark ran ahead of the data, and the run stops instead of giving a wrong checksum quietly.
     */
    private static void failOnLate(KeyedStream<Long, ?> late, String query) {
        late.inspect("late_items", kv -> {
            throw new IllegalStateException(query + ": item " + kv.value() + " of key " + kv.key()
                    + " arrived after the watermark had closed its window");
        });
    }
}
