package dev.flowstate.bench.nexmark;

import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.bench.Tally;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Nexmark dataflow on 1, 2 and 3 workers gives NEXMARK.md §3.9's outputs and checksum at N = 50,000 and
 * 200,000. A longer mode, {@code -Dnexmark.test.events=1000000}, also checks N = 1,000,000.
 */
class NexmarkDataflowTest {
    static Stream<Arguments> runs() {
        long extra = Long.getLong("nexmark.test.events", 0);
        return Arrays.stream(Query.values()).flatMap(q -> Stream.of(1, 2, 3).flatMap(w -> Stream.of(50_000L, 200_000L, extra)
                .filter(n -> n > 0).map(n -> Arguments.of(q, w, n))));
    }

    @ParameterizedTest(name = "{0} on {1} workers, N={2}")
    @MethodSource("runs")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void dataflow_matchesTheReference(Query query, int workers, long events) {
        Tally tally = new Tally();
        Flowstate.run(NexmarkDataflows.build(query, events, workers, tally), RunConfig.defaults().withWorkers(workers));
        assertThat(NexmarkDataflows.outcome(tally)).isEqualTo(NexmarkExpected.of(query, events));
    }
}
