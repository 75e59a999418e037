package dev.flowstate.kafka.examples;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's exactly-once check sees a repeated, a missing and an unexpected line, which a max-count check cannot. */
class KafkaDemoCheckTest {
    private static final Map<String, Long> EXPECTED = Map.of("a", 3L, "b", 1L);

    private static List<String[]> lines(String... kv) {
        List<String[]> out = new ArrayList<>();
        for (String s : kv) {
            out.add(s.split(","));
        }
        return out;
    }

    @Test
    void exactOutputPasses() {
        assertThat(KafkaDemo.checkExactlyOnce(lines("a,1", "b,1", "a,2", "a,3"), EXPECTED)).isEmpty();
    }

    @Test
    void aRepeatedLineIsReportedThoughTheFinalCountsMatch() {
        assertThat(KafkaDemo.checkExactlyOnce(lines("a,1", "a,2", "a,2", "a,3", "b,1"), EXPECTED))
                .containsExactly("repeated line a,2");
    }

    @Test
    void aMissingLineIsReportedThoughTheFinalCountsMatch() {
        assertThat(KafkaDemo.checkExactlyOnce(lines("a,1", "a,3", "b,1"), EXPECTED))
                .containsExactly("1 lines of 'a' missing, first a,2");
    }

    @Test
    void anUnexpectedLineIsReported() {
        assertThat(KafkaDemo.checkExactlyOnce(lines("a,1", "a,2", "a,3", "b,1", "b,2"), EXPECTED))
                .containsExactly("unexpected line b,2");
    }
}
