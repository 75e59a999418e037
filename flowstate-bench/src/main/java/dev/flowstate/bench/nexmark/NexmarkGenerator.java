package dev.flowstate.bench.nexmark;

import dev.flowstate.bench.nexmark.Event.Auction;
import dev.flowstate.bench.nexmark.Event.Bid;
import dev.flowstate.bench.nexmark.Event.Person;

/**
 * The deterministic Nexmark event generator of NEXMARK.md §1, bit for bit: event {@code n} is a pure function of
 * {@code n}. Each event seeds a SplitMix64 stream with {@code n} and draws exactly the values §1.5–§1.7 list, in
 * their order. One instance keeps the stream state between draws, so it is not thread-safe: use one per thread.
 */
public final class NexmarkGenerator {
    /** 2026-01-01T00:00:00Z; a multiple of every window size. */
    public static final long BASE_TIME = 1_767_225_600_000L;
    /** Events per millisecond of event time (10,000 events per second). */
    static final long EVENTS_PER_MS = 10;
    static final long FIRST_ID = 1000;
    static final long FIRST_CATEGORY = 10;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final int EPOCH = 50;
    private static final int NUM_CATEGORIES = 5;
    private static final long ACTIVE_PEOPLE = 1000;
    private static final long IN_FLIGHT_AUCTIONS = 100;
    private static final long ID_LEAD = 10;
    private static final long HOT_AUCTION_RATIO = 2;
    private static final long HOT_SELLER_RATIO = 4;
    private static final long HOT_BIDDER_RATIO = 4;
    private static final long HOT_STRIDE = 100;
    private static final long MAX_AUCTION_LENGTH = 333;

    private static final String[] FIRST = {
        "Alice", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ingrid", "Jamal", "Keiko", "Lars"};
    private static final String[] LAST = {
        "Alvarez", "Brennan", "Castillo", "Dubois", "Eriksen", "Fischer", "Gallagher", "Haddad", "Iwasaki", "Jovanovic"};
    private static final String[] CITIES = {
        "Portland", "Boise", "Sacramento", "Eugene", "Spokane", "Reno", "Tucson", "Salem", "Fresno", "Bozeman"};
    private static final String[] STATES = {"OR", "ID", "CA", "WA", "NV", "AZ"};
    private static final String[] CHANNELS = {"web", "ios", "android", "partner", "email"};
    private static final String[] URLS = new String[CHANNELS.length];
    private static final long[] PRICE_LOW = {100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000};

    static {
        for (int c = 0; c < CHANNELS.length; c++) {
            URLS[c] = "https://www.nexmark.example/bid?channel=" + CHANNELS[c];
        }
    }

    private long state;

    /** Event {@code n} (0-based). */
    public Event event(long n) {
        state = n;
        long epoch = n / EPOCH;
        int offset = (int) (n % EPOCH);
        long dateTime = dateTime(n);
        if (offset == 0) {
            return person(epoch, dateTime);
        }
        if (offset <= 3) {
            return auction(epoch, offset, dateTime);
        }
        return bid(epoch, dateTime);
    }

    /** The event time of event {@code n}: non-decreasing in {@code n}, 10 events per millisecond. */
    public static long dateTime(long n) {
        return BASE_TIME + n / EVENTS_PER_MS;
    }

    private Person person(long epoch, long dateTime) {
        String name = FIRST[(int) u(FIRST.length)] + " " + LAST[(int) u(LAST.length)];
        String email = letters(7) + "@" + letters(5) + ".com";
        char[] card = new char[19];
        for (int group = 0; group < 4; group++) {
            int at = group * 5;
            if (group > 0) {
                card[at - 1] = ' ';
            }
            long digits = u(10_000);
            for (int i = 3; i >= 0; i--, digits /= 10) {
                card[at + i] = (char) ('0' + digits % 10);
            }
        }
        String city = CITIES[(int) u(CITIES.length)];
        String state = STATES[(int) u(STATES.length)];
        return new Person(FIRST_ID + epoch, name, email, new String(card), city, state, dateTime);
    }

    private Auction auction(long epoch, int offset, long dateTime) {
        String itemName = letters(12);
        String description = letters(40);
        long initialBid = price();
        long reserve = initialBid + price();
        long expires = dateTime + 1 + u(MAX_AUCTION_LENGTH);
        long seller = FIRST_ID + pickPerson(epoch + 1, HOT_SELLER_RATIO);
        long category = FIRST_CATEGORY + u(NUM_CATEGORIES);
        return new Auction(FIRST_ID + 3 * epoch + (offset - 1), itemName, description, initialBid, reserve, dateTime,
                expires, seller, category);
    }

    private Bid bid(long epoch, long dateTime) {
        long auction = FIRST_ID + pickAuction(3 * epoch + 3);
        long bidder = FIRST_ID + pickPerson(epoch + 1, HOT_BIDDER_RATIO);
        long price = price();
        int channel = (int) u(CHANNELS.length);
        return new Bid(auction, bidder, price, CHANNELS[channel], URLS[channel], dateTime);
    }

    /** A person number among the {@code persons} created so far: the hot one, or a recent one (maybe not yet made). */
    private long pickPerson(long persons, long hotRatio) {
        if (u(hotRatio) != 0) {
            return ((persons - 1) / HOT_STRIDE) * HOT_STRIDE;
        }
        long active = Math.min(persons, ACTIVE_PEOPLE);
        return persons - active + u(active + ID_LEAD);
    }

    /** An auction number among the {@code auctions} created so far: the hot one, or one still in flight. */
    private long pickAuction(long auctions) {
        if (u(HOT_AUCTION_RATIO) != 0) {
            return ((auctions - 1) / HOT_STRIDE) * HOT_STRIDE;
        }
        long inFlight = Math.min(auctions, IN_FLIGHT_AUCTIONS);
        return auctions - inFlight + u(inFlight + ID_LEAD);
    }

    /** Cents from $1.00 to $999,999.99, log-uniform over the decade, then uniform within it. */
    private long price() {
        long low = PRICE_LOW[(int) u(PRICE_LOW.length)];
        return low + u(9 * low);
    }

    private String letters(int count) {
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = (char) ('a' + u(26));
        }
        return new String(chars);
    }

    /** The next SplitMix64 output; the same sequence as {@code new SplittableRandom(n).nextLong()}. */
    long next64() {
        state += GOLDEN_GAMMA;
        return RowHash.mix64(state);
    }

    /** Uniform in {@code [0, bound)}: the high 64 bits of the unsigned 128-bit product {@code next64() * bound}. */
    long u(long bound) {
        long x = next64();
        return Math.multiplyHigh(x, bound) + ((x >> 63) & bound);
    }

    /** Starts the draw stream of event {@code n} without generating the event (for tests of the stream itself). */
    void seed(long n) {
        state = n;
    }
}
