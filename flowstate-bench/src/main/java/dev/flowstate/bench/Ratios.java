package dev.flowstate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The RATIO lines of one workload: flowstate at one worker against the loop, each larger worker count against one
 * worker, and recovery and metrics against plain flowstate at the same worker count. Ratios within one run are comparable even
 * on a noisy machine; absolute rates are not. Each line gives the ratio of the two medians (judged against the
 * target) and, as {@code paired}, the median of each round's own ratio: the engines of one round ran minutes
 * apart, so a machine whose speed drifts during the run moves the paired figure less.
 */
final class Ratios {
    /** Minimum flowstate_w1/loop per workload. */
    static final Map<String, Double> VS_LOOP_TARGET = Map.of("keyed-count", 0.70, "stateless-map", 0.50);
    /** Minimum flowstate_w2/flowstate_w1; for other worker counts the target is {@code SCALING_TARGET * w / 2}. */
    static final double SCALING_TARGET = 1.6;
    /** Minimum flowstate_recovery_wN/flowstate_wN: recovery (1 s snapshots, local disk) keeps 80% of the rate. */
    static final double RECOVERY_TARGET = 0.80;
    /** Minimum flowstate_metrics_wN/flowstate_wN: metrics on cost at most 5%. */
    static final double METRICS_TARGET = 0.95;
    /** The same for the remote stores (flowstate-recovery-kafka, flowstate-recovery-s3): 70%. */
    static final double REMOTE_RECOVERY_TARGET = 0.70;

    /** A ratio and its target (NaN when there is none). */
    record Ratio(String workload, String name, double value, double target, double paired) {
        boolean belowTarget() {
            return !Double.isNaN(target) && value < target;
        }

        String line() {
            String t = Double.isNaN(target) ? " target=none" : String.format(Locale.ROOT, " target>=%.2f", target);
            String p = Double.isNaN(paired) ? "" : String.format(Locale.ROOT, " paired=%.2f", paired);
            return String.format(Locale.ROOT, "RATIO workload=%s %s=%.2f", workload, name, value) + t + p;
        }
    }

    private Ratios() {
    }

    static List<Ratio> of(String workload, List<Result> results) {
        List<Ratio> out = new ArrayList<>();
        Result loop = find(results, "loop", 1);
        Result w1 = find(results, "flowstate", 1);
        if (w1 != null && loop != null) {
            out.add(ratio(workload, w1, loop, VS_LOOP_TARGET.getOrDefault(workload, Double.NaN)));
        }
        for (Result r : results) {
            String engine = r.engine().name();
            int w = r.engine().workers();
            if (engine.equals("flowstate") && w > 1 && w1 != null) {
                out.add(ratio(workload, r, w1, SCALING_TARGET * w / 2));
            } else if (!engine.equals("flowstate") && !engine.equals("loop")) {
                Result plain = find(results, "flowstate", w);
                if (plain != null) {
                    out.add(ratio(workload, r, plain,
                            engine.equals("flowstate-recovery") ? RECOVERY_TARGET
                                    : engine.equals("flowstate-metrics") ? METRICS_TARGET
                                    : engine.startsWith("flowstate-recovery-") ? REMOTE_RECOVERY_TARGET : Double.NaN));
                }
            }
        }
        return out;
    }

    private static Ratio ratio(String workload, Result a, Result b, double target) {
        double value = (double) a.medianEventsPerSecond() / Math.max(1, b.medianEventsPerSecond());
        return new Ratio(workload, a.engine().label() + "/" + b.engine().label(), value, target, paired(a, b));
    }

    /** The median over rounds of a's rate over b's in the same round; NaN unless both ran every round. */
    static double paired(Result a, Result b) {
        if (a.rates() == null || b.rates() == null || a.rates().length != b.rates().length) {
            return Double.NaN;
        }
        double[] perRound = new double[a.rates().length];
        for (int i = 0; i < perRound.length; i++) {
            if (a.rates()[i] <= 0 || b.rates()[i] <= 0) {
                return Double.NaN;
            }
            perRound[i] = (double) a.rates()[i] / b.rates()[i];
        }
        return Median.of(perRound);
    }

    private static Result find(List<Result> results, String engine, int workers) {
        for (Result r : results) {
            if (r.engine().name().equals(engine) && r.engine().workers() == workers) {
                return r;
            }
        }
        return null;
    }
}
