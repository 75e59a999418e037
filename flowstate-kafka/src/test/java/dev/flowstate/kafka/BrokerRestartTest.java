package dev.flowstate.kafka;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.kafka.testkit.KafkaBroker;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.flowstate.kafka.FailureRuns.await;
import static dev.flowstate.kafka.FailureRuns.config;
import static dev.flowstate.kafka.KafkaSinkTest.items;
import static dev.flowstate.kafka.KafkaSinkTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker of this class's own, killed and restarted: under a reading dataflow, under a writing one (several times:
 * the deadline must hold every time), and while an exactly-once run resumes. Each failure ends the run within the
 * timeout with one line; after the broker returns, the output is exact.
 */
class BrokerRestartTest {
    private static final Duration T = Duration.ofSeconds(10);
    /** Rounds of "kill the broker while the sink sends"; more with -Dflowstate.kafka.killRounds=N. */
    private static final int KILL_ROUNDS = Integer.getInteger("flowstate.kafka.killRounds", 3);
    private static KafkaBroker broker;
    private static int topics;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(Files.createTempDirectory("flowstate-kafka-restart"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void brokerBack() throws Exception {
        if (!broker.isRunning()) {
            broker.start();
        }
    }

    private static String topic(int partitions) {
        String name = "restart-" + (topics++);
        broker.createTopic(name, partitions);
        return name;
    }

    @Test
    void whenTheBrokerDiesUnderAReader_theRunFailsWithinTheTimeout() throws Exception {
        String topic = topic(2);
        Topics.produce(broker.bootstrapServers(), topic, KafkaSourceTest.pairs(0, 100));
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        Dataflow flow = new Dataflow("tail");
        flow.input("in", KafkaSource.records(KafkaSourceConfig.of(broker.bootstrapServers(), topic).withTimeout(T),
                        new StringDeserializer(), new StringDeserializer()))
                .map("v", (KafkaRecord<String, String> r) -> r.value())
                .output("out", new TestingSink<>(out));
        var running = new FailureRuns.Running(flow, RunConfig.defaults().withEpochInterval(Duration.ofMillis(100)));
        await("the records read", Duration.ofSeconds(60), () -> out.size() == 100);
        long killed = System.nanoTime();
        broker.kill();
        var f = running.failure(killed, T);
        FailureRuns.assertWithin(f, T);
        assertThat(f.message()).contains("brokers " + broker.bootstrapServers() + " did not answer within PT10S while "
                + "reading " + topic + "-");
    }

    @Test
    void whenTheBrokerDiesWhileTheSinkSends_theRunFailsWithinTheTimeout_everyTime(@TempDir Path dir) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int round = 0; round < KILL_ROUNDS; round++) {
            boolean exactlyOnce = round % 2 == 0;
            String topic = topic(3);
            Path store = dir.resolve("store-" + round);
            Recovery.init(store, 1);
            KafkaSinkConfig c = KafkaSinkConfig.of(broker.bootstrapServers()).withPartitions(2).withTimeout(T);
            if (exactlyOnce) {
                c = c.withExactlyOnce("restart-" + round);
            }
            Dataflow flow = new Dataflow("send");
            flow.input("in", FailureRuns.endless())
                    .output("out", KafkaSink.keyValues(c, topic, new StringSerializer(), new StringSerializer()));
            var running = new FailureRuns.Running(flow, config(store, Duration.ofMillis(200)));
            await("output on the topic", Duration.ofSeconds(60),
                    () -> Topics.readAll(broker.bootstrapServers(), topic, false).size() > 1000);
            long killed = System.nanoTime();
            broker.kill();
            var f = running.failure(killed, T);
            FailureRuns.assertWithin(f, T);
            assertThat(f.message()).as("round " + round).contains("brokers " + broker.bootstrapServers()
                    + " did not answer within PT10S while").contains("topic " + topic).contains("run again");
            millis.add(f.took().toMillis());
            broker.start();
        }
        System.out.println("broker killed while sending: failures reported after " + millis + " ms");
    }

    @Test
    void whenTheBrokerIsDownAtResume_theRunFailsWithinTheTimeout_andTheNextRunCommitsExactly(@TempDir Path dir)
            throws Exception {
        String topic = topic(2);
        Recovery.init(dir, 1);
        KafkaSinkConfig c = KafkaSinkConfig.of(broker.bootstrapServers()).withPartitions(2).withTimeout(T)
                .withExactlyOnce("resume-down");
        List<Object> input = new ArrayList<>(items(300).subList(0, 200));
        input.add(TestingSource.EOF);
        input.addAll(items(300).subList(200, 300));
        TestingSource<Object> source = TestingSource.withMarkers(input);
        KafkaSink<KeyValue<String, String>> sink = KafkaSink.keyValues(c, topic, new StringSerializer(),
                new StringSerializer());
        // Run 1 prepares transactions the store commits, and is "killed" before Kafka hears of the commit.
        Flowstate.run(flowOf(source, FailureRuns.neverCommitted(sink)), config(dir, Duration.ofMillis(50)));

        broker.kill();
        var f = FailureRuns.failsWithin(flowOf(source, sink), config(dir, Duration.ofMillis(50)), T);
        assertThat(f.message()).contains("brokers " + broker.bootstrapServers() + " did not answer within PT10S while "
                + "committing the output of epoch").contains("topic " + topic).contains("run again");

        broker.start();
        Flowstate.run(flowOf(source, sink), config(dir, Duration.ofMillis(50)));
        assertThat(Topics.readAll(broker.bootstrapServers(), topic, true)).as("every item exactly once")
                .containsExactlyInAnyOrderElementsOf(strings(items(300)));
    }

    @SuppressWarnings("unchecked")
    private static KeyValue<String, String> keyValue(Object o) {
        return (KeyValue<String, String>) o;
    }

    private static Dataflow flowOf(TestingSource<Object> source,
                                   dev.flowstate.io.PartitionedSink<KeyValue<String, String>, ?> sink) {
        Dataflow flow = new Dataflow("resume");
        flow.input("in", source).map("kv", BrokerRestartTest::keyValue).output("out", sink);
        return flow;
    }
}
