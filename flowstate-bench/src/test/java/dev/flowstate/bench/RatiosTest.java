package dev.flowstate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RatiosTest {
    private static Result result(Engine engine, long... rates) {
        return new Result("keyed-count", engine, Median.of(rates), 7, rates);
    }

    @Test
    void metricsRatio_isTheRatioOfMedians_andPairedIsTheMedianOfEachRoundsRatio() {
        Result plain = result(new FlowstateEngine(1), 100, 100, 200);
        Result metered = result(FlowstateEngine.withMetrics(1), 90, 50, 180);
        Ratios.Ratio r = Ratios.of("keyed-count", List.of(plain, metered)).get(0);
        assertThat(r.value()).isCloseTo(0.9, within(1e-9));
        assertThat(r.paired()).isCloseTo(0.9, within(1e-9));
        assertThat(r.line()).isEqualTo("RATIO workload=keyed-count flowstate_metrics_w1/flowstate_w1=0.90"
                + " target>=0.95 paired=0.90");

        // The plain engine sped up over the rounds and the other did not: the medians' ratio hides it.
        Result speedingUp = result(new FlowstateEngine(1), 100, 200, 300);
        Result flat = result(FlowstateEngine.withMetrics(1), 150, 100, 150);
        Ratios.Ratio d = Ratios.of("keyed-count", List.of(speedingUp, flat)).get(0);
        assertThat(d.value()).isCloseTo(0.75, within(1e-9)); // medians 150 / 200
        assertThat(d.paired()).isCloseTo(0.5, within(1e-9)); // rounds 1.5, 0.5, 0.5
    }

    @Test
    void paired_isNaN_whenTheRoundsDoNotLineUp() {
        Result a = result(new FlowstateEngine(1), 100, 100);
        Result b = result(FlowstateEngine.withMetrics(1), 100, 100, 100);
        assertThat(Ratios.paired(b, a)).isNaN();
        assertThat(new Ratios.Ratio("w", "x", 1.0, Double.NaN, Double.NaN).line())
                .isEqualTo("RATIO workload=w x=1.00 target=none");
    }
}
