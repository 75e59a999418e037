package dev.flowstate.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * The shared result of one flowstate run. Sink partitions count in plain fields on their own worker thread and add
 * their totals here only at snapshot and close, so the hot path never touches a shared counter.
 */
public final class Tally {
    private final LongAdder count = new LongAdder();
    private final LongAdder checksum = new LongAdder();

    public void add(long items, long sum) {
        count.add(items);
        checksum.add(sum);
    }

    public Totals totals() {
        return new Totals(count.sum(), checksum.sum());
    }
}
