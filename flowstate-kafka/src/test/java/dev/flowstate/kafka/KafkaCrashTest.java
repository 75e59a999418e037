package dev.flowstate.kafka;

import dev.flowstate.faults.CrashHarness;
import dev.flowstate.recovery.Recovery;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka → running count per key → Kafka in child JVMs, killed with SIGKILL at seeded random moments and resumed
 * (with a different worker count each time), then checked with a read_committed consumer: exactly-once yields
 * every {@code key,n} for n = 1..count(key) exactly once; at-least-once at least once and nothing else.
 */
@ExtendWith(SharedBroker.class)
class KafkaCrashTest {
    private static final int RECORDS = 30_000;
    private static final int KEYS = 50;

    @ParameterizedTest(name = "{0}, {1} input partitions, seed {2}")
    @CsvSource({"exactly-once,3,11,1500,3500", "exactly-once,1,12,1500,3500", "at-least-once,3,13,350,700"})
    void whenKilledAndResumed_outputIsExact(String mode, int partitions, long seed, long minDelay, long maxDelay,
                                            @TempDir Path dir) throws Exception {
        String in = SharedBroker.topic("crash-in", partitions);
        String out = SharedBroker.topic("crash-out", 3);
        SplittableRandom random = new SplittableRandom(seed);
        List<String[]> records = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < RECORDS; i++) {
            String key = "w" + random.nextInt(KEYS);
            records.add(new String[]{key, Integer.toString(i)});
            counts.merge(key, 1L, Long::sum);
        }
        Topics.produce(SharedBroker.servers(), in, records);
        Path recovery = dir.resolve("recovery");
        Recovery.init(recovery, 3);
        CrashHarness.Summary summary = CrashHarness.builder(dir.resolve("logs")).seed(seed).kills(4).delays(minDelay, maxDelay)
                .workers(2, 3, 1, 2, 3).finalTimeout(Duration.ofSeconds(120))
                .jvmOptions(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"))
                .build()
                .run((run, workers) -> List.of(KafkaCountJob.class.getName(), SharedBroker.servers(), in, out,
                        recovery.toString(), Integer.toString(workers), mode, "crash-" + out, "3"));
        System.out.println(summary.format());
        List<String> lines = Topics.readAll(SharedBroker.servers(), out, true);
        Map<String, Long> seen = new HashMap<>();
        for (String l : lines) {
            seen.merge(l, 1L, Long::sum);
        }
        long expectedTotal = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            for (long n = 1; n <= e.getValue(); n++) {
                Long times = seen.remove(e.getKey() + "," + n);
                assertThat(times).as("times %s,%d was output", e.getKey(), n).isNotNull();
                if (mode.equals("exactly-once")) {
                    assertThat(times).as("times %s,%d was output", e.getKey(), n).isEqualTo(1L);
                }
                expectedTotal++;
            }
        }
        assertThat(seen).as("outputs that no crash-free run produces").isEmpty();
        if (mode.equals("exactly-once")) {
            assertThat(lines).hasSize((int) expectedTotal);
        }
        System.out.printf("%s: %d outputs read back (%d expected), %d kills%n", mode, lines.size(), expectedTotal,
                summary.kills());
        assertThat(summary.kills()).as("runs killed").isGreaterThanOrEqualTo(1);
    }
}
