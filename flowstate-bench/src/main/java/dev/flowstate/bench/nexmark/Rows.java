package dev.flowstate.bench.nexmark;

/** The output rows of queries q1–q8 (NEXMARK.md §3), each hashed with its tag and fields in the listed order. */
public final class Rows {
    private Rows() {
    }

    /** q1: a bid with its price converted to euro cents ({@code price * 908 / 1000}, truncated). */
    public record Q1(long auction, long bidder, long price, String channel, String url, long dateTime) implements Row {
        @Override
        public long rowHash() {
            long h = RowHash.field(1, auction);
            h = RowHash.field(h, bidder);
            h = RowHash.field(h, price);
            h = RowHash.field(h, channel);
            h = RowHash.field(h, url);
            return RowHash.finish(RowHash.field(h, dateTime));
        }
    }

    /** q2: a bid on an auction whose id is a multiple of 123. */
    public record Q2(long auction, long price) implements Row {
        @Override
        public long rowHash() {
            return RowHash.finish(RowHash.field(RowHash.field(2, auction), price));
        }
    }

    /** q3: a person in OR/ID/CA selling an auction of category 10. */
    public record Q3(String name, String city, String state, long auction) implements Row {
        @Override
        public long rowHash() {
            long h = RowHash.field(3, name);
            h = RowHash.field(h, city);
            h = RowHash.field(h, state);
            return RowHash.finish(RowHash.field(h, auction));
        }
    }

    /** q4: a category's running average winning price after the winner of {@code auction}. */
    public record Q4(long category, long auction, long average) implements Row {
        @Override
        public long rowHash() {
            return RowHash.finish(RowHash.field(RowHash.field(RowHash.field(4, category), auction), average));
        }
    }

    /** q5: an auction with the most bids in the hopping window starting at {@code windowStart}. */
    public record Q5(long windowStart, long auction, long count) implements Row {
        @Override
        public long rowHash() {
            return RowHash.finish(RowHash.field(RowHash.field(RowHash.field(5, windowStart), auction), count));
        }
    }

    /** q7: a bid at the highest price of its tumbling window. */
    public record Q7(long auction, long bidder, long price, long dateTime) implements Row {
        @Override
        public long rowHash() {
            long h = RowHash.field(7, auction);
            h = RowHash.field(h, bidder);
            h = RowHash.field(h, price);
            return RowHash.finish(RowHash.field(h, dateTime));
        }
    }

    /** q8: a person created in the window starting at {@code windowStart} who sells an auction created in it. */
    public record Q8(long person, String name, long windowStart) implements Row {
        @Override
        public long rowHash() {
            return RowHash.finish(RowHash.field(RowHash.field(RowHash.field(8, person), name), windowStart));
        }
    }
}
