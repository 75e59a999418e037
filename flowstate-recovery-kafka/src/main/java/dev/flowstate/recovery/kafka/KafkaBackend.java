package dev.flowstate.recovery.kafka;

import dev.flowstate.recovery.remote.Fencing;
import dev.flowstate.recovery.remote.Records;
import dev.flowstate.recovery.remote.RowView;
import dev.flowstate.recovery.spi.Segments;
import dev.flowstate.recovery.remote.ViewBackedBackend;
import dev.flowstate.recovery.spi.EpochWrite;
import dev.flowstate.recovery.spi.ExecutionRecord;
import dev.flowstate.recovery.spi.LockHolder;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;
import dev.flowstate.recovery.spi.StoredRow;
import dev.flowstate.recovery.spi.WorkerFrontier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A recovery store in two Kafka topics. Layout and atomicity argument: docs/recovery-store.md, "Kafka". In short:
 * {@code PREFIX.rows} (compacted: segments, each part of one worker's rows of one epoch, and bases, each part of the
 * newest rows below an epoch, see {@link ChunkKey}) and {@code PREFIX.meta} (compacted, one partition: identity,
 * executions, frontiers, the lock). A worker epoch's segments and its frontier go in one Kafka transaction, readers
 * use {@code read_committed}, so a frontier is never visible without its rows; an execution's frontiers, identity
 * and execution record are one transaction too. Compaction writes a new base and tombstones what it replaces in one
 * transaction; rows of fenced executions are ignored by readers ({@link Fencing}).
 */
final class KafkaBackend extends ViewBackedBackend {
    private static final String IDENTITY = "identity";
    private static final String EXECUTION = "execution/";
    private static final String FRONTIER = "frontier/";

    /** A record's value stays below Kafka's default 1 MB limit on messages. */
    static final int MAX_RECORD_BYTES = 900_000;

    /** Compact once this many epochs were written since the last compaction, even before {@code gc-seconds}. */
    static final int COMPACT_AFTER_EPOCHS = 16;

    private final StoreLocation location;
    private final KafkaSettings settings;
    private final KafkaTopics topics;
    private final KafkaLease lease;
    private final boolean readOnly;
    private final Map<String, Long> knownFrontiers = new ConcurrentHashMap<>();
    private KafkaProducer<byte[], byte[]> writer;
    private int rowPartitions = -1;
    private long lastGcNanos = System.nanoTime() - Duration.ofDays(1).toNanos();
    private long compactedBelow;

    KafkaBackend(StoreLocation location, KafkaSettings settings, boolean readOnly) {
        this.location = location;
        this.settings = settings;
        this.topics = new KafkaTopics(settings, location.text());
        this.lease = new KafkaLease(topics, settings, this::meta);
        this.readOnly = readOnly;
    }

    KafkaTopics topics() {
        return topics;
    }

    @Override
    public StoreLocation location() {
        return location;
    }

    /** The meta topic as a map: newest value per key, tombstoned keys removed. */
    Map<String, byte[]> meta() {
        if (topics.partitions(settings.metaTopic()) < 0) {
            throw new RecoveryBackendException(Kind.NOT_INITIALIZED, location.text(), "topic " + settings.metaTopic()
                    + " does not exist");
        }
        Map<String, byte[]> out = new TreeMap<>();
        topics.scan(settings.metaTopic(), r -> {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                out.remove(key);
            } else {
                out.put(key, r.value());
            }
        });
        return out;
    }

    @Override
    public StoreIdentity readIdentity() {
        Map<String, byte[]> meta = meta();
        String latest = null;
        for (String key : meta.keySet()) {
            if (key.startsWith(EXECUTION)) {
                latest = key;
            }
        }
        if (latest != null) {
            String k = latest;
            return parse(k, () -> Records.identity(Records.properties(meta.get(k)), "identity."));
        }
        byte[] id = meta.get(IDENTITY);
        if (id == null) {
            throw new RecoveryBackendException(Kind.NOT_INITIALIZED, location.text(), "no identity record in "
                    + settings.metaTopic());
        }
        try {
            return Records.identity(Records.properties(id), "");
        } catch (IllegalArgumentException e) {
            throw new RecoveryBackendException(Kind.FOREIGN, settings.metaTopic(), "not a Flowstate identity record: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public LockHolder tryAcquireRunLock(LockHolder me) {
        checkWritable();
        return lease.tryAcquire(me);
    }

    @Override
    public void releaseRunLock() {
        lease.release();
    }

    @Override
    public List<ExecutionRecord> executions() {
        return executions(meta());
    }

    private List<ExecutionRecord> executions(Map<String, byte[]> meta) {
        List<Properties> records = new ArrayList<>();
        meta.forEach((key, value) -> {
            if (key.startsWith(EXECUTION)) {
                records.add(Records.properties(value));
            }
        });
        return parse(settings.metaTopic(), () -> Records.executions(records));
    }

    @Override
    public List<WorkerFrontier> frontiers(long execution) {
        List<WorkerFrontier> out = new ArrayList<>();
        meta().forEach((key, value) -> {
            if (key.startsWith(frontierPrefix(execution))) {
                out.add(parse(key, () -> Records.frontier(value)));
            }
        });
        return out;
    }

    @Override
    public synchronized void discardFrom(long fromEpoch) {
        checkWritable();
        lease.ensureHeld();
        invalidate();
        List<ProducerRecord<byte[], byte[]>> tombstones = new ArrayList<>();
        for (RowsTopicContents.Entry e : RowsTopicContents.of(scanRows()).entries()) {
            if (!e.isBase() && e.epoch() >= fromEpoch) {
                tombstones.add(tombstone(e));
            }
        }
        transaction(tombstones);
    }

    @Override
    public synchronized void startExecution(ExecutionRecord previous, ExecutionRecord next,
                                            List<WorkerFrontier> frontiers, StoreIdentity identity) {
        checkWritable();
        lease.ensureHeld();
        invalidate();
        Properties record = Records.startRecord(previous, next, identity);
        byte[] existing = meta().get(executionKey(next.execution()));
        if (existing != null) {
            if (Records.properties(existing).equals(record)) {
                return;
            }
            throw new RecoveryBackendException(Kind.LOCK_LOST, settings.metaTopic(), "another run started execution "
                    + next.execution() + " first");
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (WorkerFrontier f : frontiers) {
            out.add(metaRecord(frontierKey(f.execution(), f.worker()), Records.frontier(f)));
        }
        out.add(metaRecord(executionKey(next.execution()), Records.bytes(record)));
        transaction(out);
        frontiers.forEach(f -> knownFrontiers.put(frontierKey(f.execution(), f.worker()), f.frontier()));
    }

    @Override
    public void write(List<EpochWrite> writes) {
        checkWritable();
        lease.ensureHeld();
        invalidate();
        int partitions = rowPartitions();
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        Map<String, WorkerFrontier> newest = new HashMap<>();
        for (EpochWrite w : writes) {
            long execution = w.frontier().execution();
            int worker = w.frontier().worker();
            List<List<StoredRow>> parts = Segments.split(w.rows(), MAX_RECORD_BYTES);
            for (int seq = 0; seq < parts.size(); seq++) {
                out.add(new ProducerRecord<>(settings.rowsTopic(), Math.floorMod(worker, partitions),
                        ChunkKey.segment(w.epoch(), execution, worker, seq).bytes(), Segments.encode(parts.get(seq))));
            }
            newest.merge(frontierKey(execution, w.frontier().worker()), w.frontier(),
                    (a, b) -> b.frontier() >= a.frontier() ? b : a);
        }
        Map<String, byte[]> meta = null;
        for (Map.Entry<String, WorkerFrontier> e : newest.entrySet()) {
            Long known = knownFrontiers.get(e.getKey());
            if (known == null) {
                meta = meta == null ? meta() : meta;
                byte[] stored = meta.get(e.getKey());
                if (stored == null) {
                    throw new RecoveryBackendException(Kind.DAMAGED, settings.metaTopic(), "frontier record "
                            + e.getKey() + " is missing");
                }
                known = Records.frontier(stored).frontier();
            }
            if (e.getValue().frontier() >= known) {
                out.add(metaRecord(e.getKey(), Records.frontier(e.getValue())));
            }
        }
        // rows and frontiers in one transaction: read_committed readers see both or neither
        transaction(out);
        newest.forEach((k, f) -> knownFrontiers.merge(k, f.frontier(), Math::max));
    }

    /**
     * Compaction, in the lead process only (its lease producer fences a deposed lead's compaction): at most once per
     * {@code gc-seconds} unless {@link #COMPACT_AFTER_EPOCHS} epochs passed since the last one. One scan of the rows
     * topic; if rows below {@code keepEpoch} are in segments, their newest live rows per key, with the current base's,
     * become a new base below {@code keepEpoch}, and the segments and the base it replaces get Kafka tombstones, all
     * in one transaction (readers see the old set or the new one). Segments of fenced executions, and frontier
     * records of executions before {@code oldestExecution}, are tombstoned too.
     */
    @Override
    public synchronized void deleteSuperseded(long fromEpoch, long keepEpoch, long oldestExecution) {
        checkWritable();
        lease.ensureHeld();
        if (!lease.acquired()) {
            return;
        }
        if (System.nanoTime() - lastGcNanos < settings.gcInterval().toNanos()
                && keepEpoch - compactedBelow < COMPACT_AFTER_EPOCHS) {
            return;
        }
        lastGcNanos = System.nanoTime();
        Map<String, byte[]> meta = meta();
        List<ExecutionRecord> executions = executions(meta);
        Fencing fencing = Fencing.of(executions);
        RowsTopicContents contents = RowsTopicContents.of(scanRows());
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        boolean compactable = false;
        for (RowsTopicContents.Entry e : contents.entries()) {
            if (!contents.inUse(e, fencing)) {
                out.add(tombstone(e)); // fenced, or already in the newest base
            } else if (!e.isBase() && e.epoch() < keepEpoch) {
                compactable = true;
            }
        }
        if (compactable && keepEpoch > contents.newestBase()) {
            invalidate();
            List<StoredRow> live = new ArrayList<>();
            contents.view(keepEpoch, fencing).steps().values().forEach(rows -> rows.values().forEach(r -> {
                if (!r.isTombstone()) {
                    live.add(r);
                }
            }));
            int partitions = rowPartitions();
            long execution = executions.isEmpty() ? 0 : executions.get(executions.size() - 1).execution();
            List<List<StoredRow>> parts = Segments.split(live, MAX_RECORD_BYTES);
            for (int seq = 0; seq < parts.size(); seq++) {
                out.add(new ProducerRecord<>(settings.rowsTopic(), seq % partitions,
                        ChunkKey.base(keepEpoch, execution, seq).bytes(), Segments.encode(parts.get(seq))));
            }
            for (RowsTopicContents.Entry e : contents.entries()) {
                if (contents.inUse(e, fencing) && (e.isBase() || e.epoch() < keepEpoch)) {
                    out.add(tombstone(e));
                }
            }
        }
        compactedBelow = keepEpoch; // everything below it was looked at
        meta.keySet().forEach(key -> {
            if (key.startsWith(FRONTIER) && Long.parseLong(key.substring(FRONTIER.length(), key.indexOf('/', FRONTIER.length()))) < oldestExecution) {
                out.add(metaRecord(key, null));
            }
        });
        transaction(out);
    }

    private static ProducerRecord<byte[], byte[]> tombstone(RowsTopicContents.Entry e) {
        return new ProducerRecord<>(e.record().topic(), e.record().partition(), e.record().key(), null);
    }

    @Override
    public synchronized void close() {
        lease.close();
        if (writer != null) {
            writer.close(Duration.ofSeconds(5));
            writer = null;
        }
        topics.close();
    }

    private void transaction(List<ProducerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        KafkaProducer<byte[], byte[]> p = producerFor(records);
        synchronized (p) {
            try {
                p.beginTransaction();
                for (ProducerRecord<byte[], byte[]> r : records) {
                    p.send(r);
                }
                p.commitTransaction();
            } catch (KafkaException e) {
                RecoveryBackendException r = topics.classify(e, settings.prefix(), "committing a transaction");
                if (r.kind() == Kind.LOCK_LOST) {
                    lease.markLost();
                } else {
                    KafkaLease.abortQuietly(p);
                }
                if (p == writer) {
                    writer.close(Duration.ZERO);
                    writer = null;
                }
                throw r;
            }
        }
    }

    /**
     * The lock holder writes through its lock producer (a takeover fences its writes too); other processes of the
     * cluster through one of their own, whose transactional id is named after their first worker so that the
     * restarted process fences its previous incarnation and aborts what it left open.
     */
    private synchronized KafkaProducer<byte[], byte[]> producerFor(List<ProducerRecord<byte[], byte[]>> records) {
        if (lease.acquired()) {
            return lease.producer();
        }
        if (writer == null) {
            String id = settings.prefix() + ".writer." + firstWorker(records);
            writer = topics.producer(id);
        }
        return writer;
    }

    private static String firstWorker(List<ProducerRecord<byte[], byte[]>> records) {
        for (ProducerRecord<byte[], byte[]> r : records) {
            String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
            if (r.topic().endsWith(".meta") && key.startsWith(FRONTIER)) {
                return key.substring(key.lastIndexOf('/') + 1);
            }
        }
        return "x" + ProcessHandle.current().pid();
    }

    private synchronized int rowPartitions() {
        if (rowPartitions < 0) {
            rowPartitions = topics.partitions(settings.rowsTopic());
            if (rowPartitions < 0) {
                throw new RecoveryBackendException(Kind.DAMAGED, settings.rowsTopic(), "the rows topic is missing");
            }
        }
        return rowPartitions;
    }

    @Override
    protected RowView buildView(long before) {
        Fencing fencing = Fencing.of(executions());
        return RowsTopicContents.of(scanRows()).view(before, fencing);
    }

    /**
     * Every live record of the rows topic: the newest value of each record key, records removed by a Kafka
     * tombstone left out (compaction may not have removed them yet). Order: by partition, then offset of each key's
     * newest record.
     */
    List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> scanRows() {
        var live = new java.util.concurrent.atomic.AtomicReference<
                Map<RowView.Key, org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>>>();
        // Presized from the topic's offsets: at 1M records, resizing the map was a fifth of a resume's scan.
        topics.scan(settings.rowsTopic(), size -> live.set(new java.util.LinkedHashMap<>(
                (int) Math.min(1 << 29, size * 4 / 3 + 16))), r -> {
            RowView.Key key = new RowView.Key(r.key());
            // remove first, so that a rewritten key takes its new position in the order
            live.get().remove(key);
            if (r.value() != null) {
                live.get().put(key, r);
            }
        });
        return new ArrayList<>(live.get().values());
    }

    private void checkWritable() {
        if (readOnly) {
            throw new RecoveryBackendException(Kind.INVALID, location.text(), "the store was opened read-only");
        }
    }

    private ProducerRecord<byte[], byte[]> metaRecord(String key, byte[] value) {
        return new ProducerRecord<>(settings.metaTopic(), 0, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static String executionKey(long execution) {
        return EXECUTION + String.format("%019d", execution);
    }

    private static String frontierPrefix(long execution) {
        return FRONTIER + String.format("%019d", execution) + "/";
    }

    private static String frontierKey(long execution, int worker) {
        return frontierPrefix(execution) + String.format("%05d", worker);
    }

    private <T> T parse(String where, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new RecoveryBackendException(Kind.DAMAGED, where, e.getMessage(), e);
        }
    }
}
