package dev.flowstate.recovery.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowstate.kafka.testkit.KafkaBroker;
import dev.flowstate.recovery.spi.StoreLocation;
import dev.flowstate.recovery.testkit.BackendContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.flowstate.recovery.spi.EpochWrite;
import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.Segments;
import dev.flowstate.recovery.spi.RouteFilter;
import dev.flowstate.recovery.spi.StoredRow;
import dev.flowstate.recovery.spi.WorkerFrontier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SPI contract against a real KRaft broker (one per class; one fresh topic prefix per test), and the Kafka
 * layout: segments split under the record size limit, compaction into a base, and stores that still hold per-row
 * records of the first layout.
 */
class KafkaBackendContractTest extends BackendContractTest {
    @TempDir
    static Path dir;
    static KafkaBroker broker;
    static final AtomicInteger STORES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(dir.resolve("broker"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    protected StoreLocation newLocation() {
        return StoreLocation.parse("kafka://" + broker.bootstrapServers() + "/contract-" + STORES.incrementAndGet(),
                Map.of("gc-seconds", "1"));
    }

    @Override
    protected String scheme() {
        return "kafka";
    }

    private static List<RowsTopicContents.Entry> entries(RecoveryBackend b) {
        return RowsTopicContents.of(((KafkaBackend) b).scanRows()).entries();
    }

    @Test
    void compaction_replacesSegmentsBelowTheKeepEpochWithOneBase_andReadsStayTheSame() {
        try (RecoveryBackend b = startedStore(1)) {
            Random random = new Random(7);
            for (long e = 1; e <= 40; e++) {
                List<StoredRow> rows = new ArrayList<>();
                for (int k = 0; k < 30; k++) {
                    if (random.nextInt(3) == 0) {
                        rows.add(row("count", "k" + k, e, random.nextInt(8) == 0 ? null : "v" + e));
                    }
                }
                b.write(List.of(new EpochWrite(e, rows, new WorkerFrontier(1, 0, e + 1, false, 1))));
            }
            Map<Long, Map<String, String>> before = new HashMap<>();
            for (long at : new long[]{30, 35, 41}) {
                before.put(at, live(b, "count", at, RouteFilter.ALL));
            }
            b.deleteSuperseded(0, 30, 1);
            for (long at : new long[]{30, 35, 41}) {
                assertThat(live(b, "count", at, RouteFilter.ALL)).as("before %d", at).isEqualTo(before.get(at));
            }
            List<RowsTopicContents.Entry> entries = entries(b);
            assertThat(entries).filteredOn(RowsTopicContents.Entry::isBase).extracting(RowsTopicContents.Entry::epoch)
                    .containsOnly(30L);
            assertThat(entries).filteredOn(e -> !e.isBase()).allSatisfy(e -> assertThat(e.epoch()).isGreaterThanOrEqualTo(30));
        }
    }

    @Test
    void aLargeEpoch_isSplitIntoRecordsUnderTheLimit_andReadWhole() {
        try (RecoveryBackend b = startedStore(1)) {
            List<StoredRow> rows = new ArrayList<>();
            String state = "x".repeat(1000);
            for (int k = 0; k < 3000; k++) {
                rows.add(row("count", "k" + k, 1, state + k));
            }
            b.write(List.of(new EpochWrite(1, rows, new WorkerFrontier(1, 0, 2, false, 1))));
            assertThat(live(b, "count", 2, RouteFilter.ALL)).hasSize(3000).containsEntry("k2999", state + 2999);
            List<RowsTopicContents.Entry> entries = entries(b);
            assertThat(entries).hasSizeGreaterThan(3);
            assertThat(entries).allSatisfy(e -> assertThat(e.record().value().length)
                    .isLessThanOrEqualTo(KafkaBackend.MAX_RECORD_BYTES));
        }
    }

    @Test
    void perRowRecordsOfTheFirstLayout_areReadBesideSegments_andCompactedAway() throws Exception {
        try (RecoveryBackend b = startedStore(1)) {
            KafkaBackend kb = (KafkaBackend) b;
            KafkaSettings settings = KafkaSettings.of(b.location());
            try (KafkaProducer<byte[], byte[]> p = kb.topics().producer(settings.prefix() + ".legacy-writer")) {
                p.beginTransaction();
                for (long e = 1; e <= 3; e++) {
                    for (String k : List.of("a", "b", "c")) {
                        StoredRow r = row("count", k, e, e == 3 && k.equals("c") ? null : k + e);
                        p.send(new ProducerRecord<>(settings.rowsTopic(), RowCodec.key(r, 1), RowCodec.value(r)));
                    }
                }
                p.commitTransaction();
            }
            b.write(List.of(new EpochWrite(4, List.of(row("count", "a", 4, "a4")),
                    new WorkerFrontier(1, 0, 5, false, 1))));
            assertThat(live(b, "count", 5, RouteFilter.ALL)).isEqualTo(Map.of("a", "a4", "b", "b3"));
            assertThat(live(b, "count", 3, RouteFilter.ALL)).isEqualTo(Map.of("a", "a2", "b", "b2", "c", "c2"));
            b.deleteSuperseded(0, 5, 1);
            assertThat(live(b, "count", 5, RouteFilter.ALL)).isEqualTo(Map.of("a", "a4", "b", "b3"));
            assertThat(entries(b)).allSatisfy(e -> assertThat(e.row()).as("no per-row record left").isNull());
        }
    }

    @Test
    void aDamagedSegment_isRefusedAsDamage_namingItsPartitionAndOffset() {
        try (RecoveryBackend b = startedStore(1)) {
            KafkaSettings settings = KafkaSettings.of(b.location());
            b.write(List.of(new EpochWrite(1, List.of(row("count", "a", 1, "a1")),
                    new WorkerFrontier(1, 0, 2, false, 1))));
            byte[] segment = Segments.encode(List.of(row("count", "a", 2, "a2")));
            segment[segment.length / 2] ^= 1;
            try (KafkaProducer<byte[], byte[]> p = ((KafkaBackend) b).topics().producer(settings.prefix() + ".damage")) {
                p.beginTransaction();
                p.send(new ProducerRecord<>(settings.rowsTopic(), 0, ChunkKey.segment(2, 1, 0, 0).bytes(), segment));
                p.commitTransaction();
            }
            assertThatThrownBy(() -> live(b, "count", 3, RouteFilter.ALL))
                    .isInstanceOfSatisfying(RecoveryBackendException.class,
                            e -> assertThat(e.kind()).isEqualTo(RecoveryBackendException.Kind.DAMAGED))
                    .hasMessageContaining(settings.rowsTopic() + " partition 0 offset")
                    .hasMessageContaining("checksum");
        }
    }
}
