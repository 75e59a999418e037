package dev.flowstate.bench.nexmark;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference implementation against NEXMARK.md §3.9's values at N = 50,000, 200,000 and 1,000,000. */
class NexmarkReferenceTest {

    @ParameterizedTest
    @EnumSource(Query.class)
    void reference_matchesTheDocumentAtEveryPublishedSmallN(Query query) {
        for (long events : new long[] {50_000, 200_000, 1_000_000}) {
            assertThat(NexmarkReference.expected(query, events)).as("%s at N=%d", query.label(), events)
                    .isEqualTo(NexmarkExpected.of(query, events));
        }
    }
}
