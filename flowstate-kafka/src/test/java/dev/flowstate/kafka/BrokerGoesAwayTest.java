package dev.flowstate.kafka;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.kafka.testkit.KafkaBroker;
import dev.flowstate.testing.TestingSink;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A broker of its own, killed while a tailing dataflow reads from it: the run fails within a bounded time. */
class BrokerGoesAwayTest {

    @Test
    void whenTheBrokerDiesMidRun_aTailingDataflowFailsWithinTheTimeout(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
            broker.createTopic("t", 2);
            Topics.produce(broker.bootstrapServers(), "t", KafkaSourceTest.pairs(0, 100));
            List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
            Dataflow flow = new Dataflow("tail");
            flow.input("in", KafkaSource.records(KafkaSourceConfig.of(broker.bootstrapServers(), "t")
                            .withTimeout(Duration.ofSeconds(3)), new StringDeserializer(), new StringDeserializer()))
                    .map("v", (KafkaRecord<String, String> r) -> r.value())
                    .output("out", new TestingSink<>(out));
            CompletableFuture<Throwable> result = CompletableFuture.supplyAsync(() -> {
                try {
                    Flowstate.run(flow, RunConfig.defaults().withEpochInterval(Duration.ofMillis(100)));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < 100 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polls a condition, bounded by the deadline
            }
            assertThat(out).hasSize(100);
            long killed = System.nanoTime();
            broker.kill();
            Throwable failure = result.get(30, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            assertThat(failure).hasStackTraceContaining("did not answer within PT3S while reading t-");
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(15));
        }
    }
}
