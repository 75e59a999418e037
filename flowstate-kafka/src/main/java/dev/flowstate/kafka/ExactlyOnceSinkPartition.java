package dev.flowstate.kafka;

import dev.flowstate.io.SinkPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.ProducerIdAndEpoch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One sink partition writing each epoch in its own Kafka transaction, committed when the engine reports the epoch
 * committed in the recovery store (two-phase commit).
 *
 * <p>Design notes (after Flink's {@code KafkaSink} / {@code TwoPhaseCommittingSink}):
 * <ul>
 *   <li>Transactional ids are {@code prefix-partition-sequence}; a sequence number is taken by the first write of
 *       an epoch (an empty epoch takes none), so the ids a run uses after a snapshot are consecutive from the
 *       snapshot's {@code nextSequence}.</li>
 *   <li>Phase 1, at {@link #snapshot()}: flush; record (epoch, sequence, producer id, producer epoch) among the
 *       prepared transactions; the snapshot carries every prepared transaction not yet known committed.</li>
 *   <li>Phase 2, at {@link #onEpochCommitted}: commit every prepared transaction of an epoch at or below it.</li>
 *   <li>Resume from a snapshot: commit each prepared transaction it lists (all of its epochs are committed in the
 *       store, since the resume state is from before the resume epoch; a repeated commit is answered with success);
 *       then initialize the ids {@code nextSequence, nextSequence + 1, ...} until one is new (producer epoch 0):
 *       that aborts every transaction the crashed run opened after the snapshot.</li>
 *   <li>Epoch numbers: counted from the state's epoch (1 on a fresh start); a commit notification received before
 *       the first snapshot of a run is the engine's "resume epoch − 1" and resets the count.</li>
 * </ul>
 */
final class ExactlyOnceSinkPartition<T> implements SinkPartition<T, KafkaSinkState> {
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceSinkPartition.class);
    private static final int MAX_PROBES = 100_000;

    private record Open(KafkaSinkState.Prepared txn, KafkaProducer<byte[], byte[]> producer) {
    }

    private final KafkaSink<T> sink;
    private final String name;
    private final Map<String, Object> props;
    private final Deque<Open> prepared = new ArrayDeque<>();
    private final AtomicReference<Exception> error = new AtomicReference<>();
    private long nextSequence;
    private long epoch;
    private boolean snapshotted;
    private KafkaProducer<byte[], byte[]> current;
    private long currentSequence;

    ExactlyOnceSinkPartition(KafkaSink<T> sink, String name, KafkaSinkState state) {
        this.sink = sink;
        this.name = name;
        this.props = sink.producerProperties();
        if (state == null) {
            nextSequence = 0;
            epoch = 1;
        } else {
            nextSequence = state.nextSequence();
            epoch = state.epoch() + 1;
            for (KafkaSinkState.Prepared p : state.prepared()) {
                commitPrepared(props, sink.transactionalId(name, p.sequence()), p, sink.config().timeout());
            }
        }
        abortLeftOpen();
    }

    /** Initializes ids from {@code nextSequence} on until a new one: aborts what a crashed run left open there. */
    private void abortLeftOpen() {
        for (long s = nextSequence; s < nextSequence + MAX_PROBES; s++) {
            try (KafkaProducer<byte[], byte[]> p = newProducer(s)) {
                p.initTransactions();
                if (Transactions.idAndEpoch(p).epoch == 0) {
                    if (s > nextSequence) {
                        LOG.info("sink partition {}: fenced transactional ids {}..{} left by an earlier run", name,
                                sink.transactionalId(name, nextSequence), sink.transactionalId(name, s - 1));
                    }
                    return;
                }
            }
        }
        throw new KafkaSinkException("sink partition " + name + ": more than " + MAX_PROBES
                + " transactional ids in use after the saved state; is the prefix shared with another sink?", null);
    }

    static void commitPrepared(Map<String, Object> props, String id, KafkaSinkState.Prepared p, Duration timeout) {
        try {
            Transactions.commitPrepared(props, id, p.producerId(), p.producerEpoch(), timeout);
        } catch (KafkaException e) {
            throw new KafkaSinkException("could not commit the prepared transaction " + id + " (producer id "
                    + p.producerId() + ", epoch " + p.producerEpoch() + ") holding the output of epoch " + p.epoch()
                    + ", which the recovery store has committed: the broker no longer has it open, most likely because "
                    + "transaction.timeout.ms elapsed before this run resumed; that epoch's output is lost", e);
        }
    }

    private KafkaProducer<byte[], byte[]> newProducer(long sequence) {
        Map<String, Object> p = new HashMap<>(props);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, sink.transactionalId(name, sequence));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void writeBatch(List<T> items) {
        throwIfFailed();
        if (items.isEmpty()) {
            return;
        }
        if (current == null) {
            currentSequence = nextSequence++;
            current = newProducer(currentSequence);
            current.initTransactions();
            current.beginTransaction();
        }
        for (T item : items) {
            current.send(sink.toRecord().apply(item), (md, e) -> {
                if (e != null) {
                    error.compareAndSet(null, e);
                }
            });
        }
    }

    @Override
    public KafkaSinkState snapshot() {
        if (current != null) {
            current.flush();
            throwIfFailed();
            ProducerIdAndEpoch id = Transactions.idAndEpoch(current);
            prepared.add(new Open(new KafkaSinkState.Prepared(epoch, currentSequence, id.producerId, id.epoch), current));
            current = null;
        }
        List<KafkaSinkState.Prepared> txns = new ArrayList<>(prepared.size());
        for (Open o : prepared) {
            txns.add(o.txn());
        }
        KafkaSinkState state = new KafkaSinkState(nextSequence, epoch, List.copyOf(txns));
        epoch++;
        snapshotted = true;
        return state;
    }

    @Override
    public void onEpochCommitted(long committed) {
        if (!snapshotted) {
            if (committed + 1 != epoch) {
                LOG.info("sink partition {}: the run resumes at epoch {} (counted {})", name, committed + 1, epoch);
            }
            epoch = committed + 1;
            return;
        }
        while (!prepared.isEmpty() && prepared.peekFirst().txn().epoch() <= committed) {
            Open o = prepared.removeFirst();
            o.producer().commitTransaction();
            o.producer().close(Duration.ZERO);
        }
    }

    private void throwIfFailed() {
        Exception e = error.get();
        if (e != null) {
            throw new KafkaSinkException("sending to Kafka failed (sink partition " + name + "): " + e, e);
        }
    }

    /**
     * Aborts the open (unprepared) transaction: its epoch is in no snapshot, so it will be replayed. After a run that
     * ended normally nothing is left prepared (the engine reported the last epoch committed before closing); after a
     * failure, prepared ones are left to the next run, which commits those its resume state lists: only the engine
     * knows whether they committed.
     */
    @Override
    public void close() {
        if (current != null) {
            try {
                current.abortTransaction();
            } catch (RuntimeException e) {
                LOG.debug("sink partition {}: aborting on close failed (the next run aborts it)", name, e);
            }
            current.close(Duration.ZERO);
            current = null;
        }
        for (Open o : prepared) {
            o.producer().close(Duration.ZERO);
        }
        prepared.clear();
    }
}
