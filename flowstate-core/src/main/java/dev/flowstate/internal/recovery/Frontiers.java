package dev.flowstate.internal.recovery;

/**
 * The one rule for "how far is everything done": the effective frontier of a set of workers is the minimum
 * frontier over the workers still running (a finished worker has completed every later epoch too), or the
 * maximum frontier once every worker finished. The resume epoch of a store and the committed epoch of a running
 * dataflow are both this rule.
 */
public final class Frontiers {
    private Frontiers() {
    }

    /** The effective frontier of {@code frontiers.length} workers; {@code finished[i]} for worker {@code i}. */
    public static long effective(long[] frontiers, boolean[] finished) {
        long minLive = Long.MAX_VALUE;
        long maxAll = Long.MIN_VALUE;
        for (int i = 0; i < frontiers.length; i++) {
            maxAll = Math.max(maxAll, frontiers[i]);
            if (!finished[i]) {
                minLive = Math.min(minLive, frontiers[i]);
            }
        }
        return minLive != Long.MAX_VALUE ? minLive : maxAll;
    }
}
