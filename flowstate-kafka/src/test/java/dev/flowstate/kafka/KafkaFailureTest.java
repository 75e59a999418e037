package dev.flowstate.kafka;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.io.PartitionedSink;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.testing.TestingSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.flowstate.kafka.FailureRuns.await;
import static dev.flowstate.kafka.FailureRuns.config;
import static dev.flowstate.kafka.FailureRuns.failsWithin;
import static dev.flowstate.kafka.KafkaSinkTest.items;
import static dev.flowstate.kafka.KafkaSinkTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sink failure against the shared broker ends the run within the sink's timeout with one line naming the
 * brokers, the topic and what to do: missing topic, no broker at first start, fenced transaction, and a transaction
 * the broker aborted while the job was down (refused by default, continued past when accepted).
 */
@ExtendWith(SharedBroker.class)
class KafkaFailureTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static int prefixes;

    private static KafkaSinkConfig sinkConfig(String brokers, boolean exactlyOnce) {
        KafkaSinkConfig c = KafkaSinkConfig.of(brokers).withPartitions(2).withTimeout(T);
        return exactlyOnce ? c.withExactlyOnce("failure-test-" + (prefixes++)) : c;
    }

    private static KafkaSink<KeyValue<String, String>> sink(KafkaSinkConfig c, String topic) {
        return KafkaSink.keyValues(c, topic, new StringSerializer(), new StringSerializer());
    }

    private static Dataflow flow(List<KeyValue<String, String>> input, PartitionedSink<KeyValue<String, String>, ?> sink) {
        Dataflow flow = new Dataflow("failures");
        flow.input("in", new TestingSource<>(input, 50)).output("out", sink);
        return flow;
    }

    @ParameterizedTest(name = "exactlyOnce={0}")
    @ValueSource(booleans = {false, true})
    void aMissingTopicFailsAtOnce_namingTopicAndBrokers(boolean exactlyOnce, @TempDir Path dir) throws Exception {
        Recovery.init(dir, 1);
        var f = failsWithin(flow(items(100), sink(sinkConfig(SharedBroker.servers(), exactlyOnce), "no-such-topic")),
                config(dir, Duration.ofMillis(50)), T);
        assertThat(f.message()).contains("topic no-such-topic does not exist on brokers " + SharedBroker.servers())
                .contains("create it");
        assertThat(f.took()).as("a missing topic fails fast, not after the timeout").isLessThan(T);
    }

    @ParameterizedTest(name = "exactlyOnce={0}")
    @ValueSource(booleans = {false, true})
    void noBrokerAtFirstStart_failsWithinTheTimeout(boolean exactlyOnce, @TempDir Path dir) throws Exception {
        String nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = "127.0.0.1:" + s.getLocalPort(); // closed again: nothing listens there
        }
        Recovery.init(dir, 1);
        var f = failsWithin(flow(items(100), sink(sinkConfig(nobody, exactlyOnce), "t")),
                config(dir, Duration.ofMillis(50)), T);
        assertThat(f.message()).contains("brokers " + nobody + " did not answer within PT10S while")
                .contains("topic t").contains("run again");
    }

    @Test
    void aFencedTransaction_failsTheRunWithinTheTimeout(@TempDir Path dir) throws Exception {
        String topic = SharedBroker.topic("fenced", 2);
        Recovery.init(dir, 1);
        KafkaSinkConfig c = sinkConfig(SharedBroker.servers(), true).withPartitions(1);
        Dataflow flow = new Dataflow("fenced");
        flow.input("in", FailureRuns.endless()).output("out", sink(c, topic));
        // One epoch for the whole run: the sink writes into transaction <prefix>-0-0 until fenced.
        var running = new FailureRuns.Running(flow, config(dir, Duration.ofHours(1)));
        await("output in the open transaction", Duration.ofSeconds(60),
                () -> !Topics.readAll(SharedBroker.servers(), topic, false).isEmpty());
        long fencedAt = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> intruder = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBroker.servers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, c.transactionalIdPrefix() + "-0-0"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            intruder.initTransactions();
        }
        var f = running.failure(fencedAt, T);
        FailureRuns.assertWithin(f, T);
        assertThat(f.message()).contains("fenced").contains(c.transactionalIdPrefix()).contains("topic " + topic)
                .contains(SharedBroker.servers());
        assertThat(Topics.readAll(SharedBroker.servers(), topic, true)).as("nothing of the fenced transaction").isEmpty();
    }

    @Test
    void aTransactionAbortedWhileTheJobWasDown_isRefused_thenContinuedPastWhenAccepted(@TempDir Path dir)
            throws Exception {
        String topic = SharedBroker.topic("lost", 2);
        Recovery.init(dir, 1);
        KafkaSinkConfig c = sinkConfig(SharedBroker.servers(), true).withTransactionTimeout(Duration.ofSeconds(2));
        List<Object> input = new ArrayList<>(items(200).subList(0, 100));
        input.add(TestingSource.EOF);
        input.addAll(items(200).subList(100, 200));
        TestingSource<Object> source = TestingSource.withMarkers(input);

        // Run 1 prepares its transactions but Kafka never hears that the store committed them (a kill in between).
        Flowstate.run(flowOf(source, FailureRuns.neverCommitted(sink(c, topic))), config(dir, Duration.ofMillis(50)));
        assertThat(Topics.readAll(SharedBroker.servers(), topic, false)).hasSize(100);
        // The job stays down longer than transaction.timeout.ms: the broker aborts the prepared transactions.
        await("the broker to abort the timed-out transactions", Duration.ofSeconds(60),
                () -> FailureRuns.noOpenTransaction(SharedBroker.servers(), topic));

        // Run 2 refuses by default, naming the epoch and the way forward.
        var refused = failsWithin(flowOf(source, sink(c, topic)), config(dir, Duration.ofMillis(50)), T);
        assertThat(refused.message()).contains("no longer have the prepared transaction " + c.transactionalIdPrefix())
                .contains("that epoch's output is lost").contains("--accept-lost-output")
                .contains("topic " + topic).contains(SharedBroker.servers());
        assertThat(Recovery.lostOutput(dir)).isEmpty();

        // Run 3 accepts the loss explicitly: it continues with the next epoch and records what was lost.
        Flowstate.run(flowOf(source, sink(c.withAcceptLostOutput(true), topic)), config(dir, Duration.ofMillis(50)));
        List<String> lost = Recovery.lostOutput(dir);
        assertThat(lost).hasSize(2).allMatch(l -> l.startsWith("step 'out' partition ") && l.contains("lost (accepted)"));
        assertThat(Topics.readAll(SharedBroker.servers(), topic, true))
                .as("the lost epochs' output is gone, and nothing after it is missing or repeated")
                .containsExactlyInAnyOrderElementsOf(strings(items(200).subList(100, 200)));
        // A later run keeps the record.
        Flowstate.run(flowOf(source, sink(c, topic)), config(dir, Duration.ofMillis(50)));
        assertThat(Recovery.lostOutput(dir)).isEqualTo(lost);
    }

    @SuppressWarnings("unchecked")
    private static KeyValue<String, String> keyValue(Object o) {
        return (KeyValue<String, String>) o;
    }

    private static Dataflow flowOf(TestingSource<Object> source, PartitionedSink<KeyValue<String, String>, ?> sink) {
        Dataflow flow = new Dataflow("lost");
        flow.input("in", source).map("kv", KafkaFailureTest::keyValue).output("out", sink);
        return flow;
    }
}
