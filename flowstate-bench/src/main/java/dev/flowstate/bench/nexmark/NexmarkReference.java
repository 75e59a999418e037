package dev.flowstate.bench.nexmark;

import dev.flowstate.bench.nexmark.Event.Auction;
import dev.flowstate.bench.nexmark.Event.Bid;
import dev.flowstate.bench.nexmark.Event.Person;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The single-threaded reference of NEXMARK.md §3, written from the definitions with no engine code: it computes the
 * expected outcome of a query over events {@code 0 … N−1}. It follows the definitions literally (q3 and q4 look at
 * all events, then join); q5, q7 and q8 close a window once an event at or after its end is seen, which is valid
 * because event time is non-decreasing in {@code n}, and close the rest at the end of input.
 */
public final class NexmarkReference {
    static final long WINDOW = 10_000;
    static final long Q5_SLIDE = 2_000;
    private static final Set<String> Q3_STATES = Set.of("OR", "ID", "CA");

    private final NexmarkGenerator generator = new NexmarkGenerator();
    private final Checksum out = new Checksum();

    private NexmarkReference() {
    }

    /** The expected outcome of {@code query} over the first {@code events} events. */
    public static Outcome expected(Query query, long events) {
        NexmarkReference ref = new NexmarkReference();
        switch (query) {
            case Q0 -> ref.q0(events);
            case Q1 -> ref.q1(events);
            case Q2 -> ref.q2(events);
            case Q3 -> ref.q3(events);
            case Q4 -> ref.q4(events);
            case Q5 -> ref.q5(events);
            case Q7 -> ref.q7(events);
            case Q8 -> ref.q8(events);
        }
        return new Outcome(ref.out.count(), ref.out.checksum());
    }

    private void q0(long events) {
        for (long n = 0; n < events; n++) {
            out.add(generator.event(n));
        }
    }

    private void q1(long events) {
        for (long n = 0; n < events; n++) {
            if (generator.event(n) instanceof Bid b) {
                out.add(new Rows.Q1(b.auction(), b.bidder(), b.price() * 908 / 1000, b.channel(), b.url(),
                        b.dateTime()));
            }
        }
    }

    private void q2(long events) {
        for (long n = 0; n < events; n++) {
            if (generator.event(n) instanceof Bid b && b.auction() % 123 == 0) {
                out.add(new Rows.Q2(b.auction(), b.price()));
            }
        }
    }

    private void q3(long events) {
        Map<Long, Person> persons = new HashMap<>();
        List<Auction> auctions = new ArrayList<>();
        for (long n = 0; n < events; n++) {
            Event e = generator.event(n);
            if (e instanceof Person p && Q3_STATES.contains(p.state())) {
                persons.put(p.id(), p);
            } else if (e instanceof Auction a && a.category() == 10) {
                auctions.add(a);
            }
        }
        for (Auction a : auctions) {
            Person p = persons.get(a.seller());
            if (p != null) {
                out.add(new Rows.Q3(p.name(), p.city(), p.state(), a.id()));
            }
        }
    }

    private void q4(long events) {
        Map<Long, Auction> auctions = new HashMap<>();
        for (long n = 0; n < events; n++) {
            if (generator.event(n) instanceof Auction a) {
                auctions.put(a.id(), a);
            }
        }
        Map<Long, Long> best = new HashMap<>();
        for (long n = 0; n < events; n++) {
            if (generator.event(n) instanceof Bid b) {
                Auction a = auctions.get(b.auction());
                if (a != null && a.dateTime() <= b.dateTime() && b.dateTime() < a.expires()) {
                    best.merge(a.id(), b.price(), Math::max);
                }
            }
        }
        List<Auction> winners = new ArrayList<>();
        for (Long id : best.keySet()) {
            winners.add(auctions.get(id));
        }
        winners.sort(Comparator.comparingLong(Auction::expires).thenComparingLong(Auction::id));
        Map<Long, long[]> sumAndCount = new HashMap<>();
        for (Auction a : winners) {
            long[] sc = sumAndCount.computeIfAbsent(a.category(), c -> new long[2]);
            sc[0] += best.get(a.id());
            sc[1]++;
            out.add(new Rows.Q4(a.category(), a.id(), sc[0] / sc[1]));
        }
    }

    private void q5(long events) {
        TreeMap<Long, Map<Long, Long>> windows = new TreeMap<>();
        for (long n = 0; n < events; n++) {
            Event e = generator.event(n);
            closeQ5(windows, e.dateTime());
            if (e instanceof Bid b) {
                long last = Math.floorDiv(b.dateTime(), Q5_SLIDE) * Q5_SLIDE;
                for (long start = last; start > b.dateTime() - WINDOW; start -= Q5_SLIDE) {
                    windows.computeIfAbsent(start, s -> new HashMap<>()).merge(b.auction(), 1L, Long::sum);
                }
            }
        }
        closeQ5(windows, Long.MAX_VALUE);
    }

    private void closeQ5(TreeMap<Long, Map<Long, Long>> windows, long now) {
        while (!windows.isEmpty() && windows.firstKey() + WINDOW <= now) {
            Map.Entry<Long, Map<Long, Long>> w = windows.pollFirstEntry();
            long max = w.getValue().values().stream().mapToLong(Long::longValue).max().orElseThrow();
            w.getValue().forEach((auction, count) -> {
                if (count == max) {
                    out.add(new Rows.Q5(w.getKey(), auction, count));
                }
            });
        }
    }

    private void q7(long events) {
        long windowStart = Long.MIN_VALUE;
        List<Bid> top = new ArrayList<>();
        for (long n = 0; n < events; n++) {
            Event e = generator.event(n);
            long start = Math.floorDiv(e.dateTime(), WINDOW) * WINDOW;
            if (start != windowStart) {
                emitQ7(top);
                windowStart = start;
            }
            if (e instanceof Bid b) {
                if (!top.isEmpty() && b.price() > top.get(0).price()) {
                    top.clear();
                }
                if (top.isEmpty() || b.price() == top.get(0).price()) {
                    top.add(b);
                }
            }
        }
        emitQ7(top);
    }

    private void emitQ7(List<Bid> top) {
        for (Bid b : top) {
            out.add(new Rows.Q7(b.auction(), b.bidder(), b.price(), b.dateTime()));
        }
        top.clear();
    }

    private void q8(long events) {
        long windowStart = Long.MIN_VALUE;
        Map<Long, Person> persons = new HashMap<>();
        Set<Long> sellers = new java.util.HashSet<>();
        for (long n = 0; n < events; n++) {
            Event e = generator.event(n);
            long start = Math.floorDiv(e.dateTime(), WINDOW) * WINDOW;
            if (start != windowStart) {
                emitQ8(windowStart, persons, sellers);
                windowStart = start;
            }
            if (e instanceof Person p) {
                persons.put(p.id(), p);
            } else if (e instanceof Auction a) {
                sellers.add(a.seller());
            }
        }
        emitQ8(windowStart, persons, sellers);
    }

    private void emitQ8(long windowStart, Map<Long, Person> persons, Set<Long> sellers) {
        for (Person p : persons.values()) {
            if (sellers.contains(p.id())) {
                out.add(new Rows.Q8(p.id(), p.name(), windowStart));
            }
        }
        persons.clear();
        sellers.clear();
    }
}
