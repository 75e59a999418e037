package dev.flowstate.bench.nexmark;

/**
 * One Nexmark event (NEXMARK.md §1): a {@link Person}, an {@link Auction} or a {@link Bid}. Each is also a q0 output
 * row (tags 100, 101, 102), with the fields in the order §3 lists them.
 */
public sealed interface Event extends Row {

    /** Event time, epoch milliseconds. */
    long dateTime();

    /** A new person, event {@code 50k}, id {@code 1000 + k}. */
    record Person(long id, String name, String email, String creditCard, String city, String state, long dateTime)
            implements Event {
        @Override
        public long rowHash() {
            long h = RowHash.field(100, id);
            h = RowHash.field(h, name);
            h = RowHash.field(h, email);
            h = RowHash.field(h, creditCard);
            h = RowHash.field(h, city);
            h = RowHash.field(h, state);
            return RowHash.finish(RowHash.field(h, dateTime));
        }
    }

    /** A new auction, open for bids in {@code [dateTime, expires)}; prices in cents. */
    record Auction(long id, String itemName, String description, long initialBid, long reserve, long dateTime,
                   long expires, long seller, long category) implements Event {
        @Override
        public long rowHash() {
            long h = RowHash.field(101, id);
            h = RowHash.field(h, itemName);
            h = RowHash.field(h, description);
            h = RowHash.field(h, initialBid);
            h = RowHash.field(h, reserve);
            h = RowHash.field(h, dateTime);
            h = RowHash.field(h, expires);
            h = RowHash.field(h, seller);
            return RowHash.finish(RowHash.field(h, category));
        }
    }

    /** A bid on an auction, which may not exist (yet); price in cents. */
    record Bid(long auction, long bidder, long price, String channel, String url, long dateTime) implements Event {
        @Override
        public long rowHash() {
            long h = RowHash.field(102, auction);
            h = RowHash.field(h, bidder);
            h = RowHash.field(h, price);
            h = RowHash.field(h, channel);
            h = RowHash.field(h, url);
            return RowHash.finish(RowHash.field(h, dateTime));
        }
    }
}
