package dev.flowstate.kafka;

import dev.flowstate.io.SinkPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
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

/**
 * One sink partition writing each epoch in its own Kafka transaction, committed when the engine reports the epoch
 * committed in the recovery store (two-phase commit).
 *
 * <p>Design notes (after Flink's {@code KafkaSink} / {@code TwoPhaseCommittingSink}):
 * <ul>
 *   <li>Transactional ids are {@code prefix-partition-sequence}; a sequence number is taken by the first write of
 *       an epoch (an empty epoch takes none), so the ids a run uses after a snapshot are consecutive from the
 *       snapshot's {@code nextSequence}.</li>
 *   <li>Phase 1, at {@link #snapshot()} (every batch was acknowledged in {@link #writeBatch}): record (epoch,
 *       sequence, producer id, producer epoch) among the prepared transactions; the snapshot carries every
 *       prepared transaction not yet known committed.</li>
 *   <li>Phase 2, at {@link #onEpochCommitted}: commit every prepared transaction of an epoch at or below it.</li>
 *   <li>Resume from a snapshot: commit each prepared transaction it lists (all of its epochs are committed in the
 *       store, since the resume state is from before the resume epoch; a repeated commit is answered with success);
 *       then initialize the ids {@code nextSequence, nextSequence + 1, ...} until one is new (producer epoch 0):
 *       that aborts every transaction the crashed run opened after the snapshot.</li>
 *   <li>A prepared transaction the broker no longer has (aborted when {@code transaction.timeout.ms} passed while
 *       the job was down): the run fails, unless lost output was accepted ({@link KafkaSinkConfig#withAcceptLostOutput},
 *       {@code --accept-lost-output}); then the loss is logged, the epoch recorded in {@link KafkaSinkState#lostEpochs}
 *       for good, and the run continues with the next epoch.</li>
 *   <li>Every call to the broker is bounded by the sink's timeout ({@code max.block.ms}, the send-result wait in
 *       {@link SinkWriter}), and producers are closed without waiting, so no failure waits longer than that.</li>
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
    private final SinkWriter writer;
    private final Deque<Open> prepared = new ArrayDeque<>();
    private final List<Long> lostEpochs = new ArrayList<>();
    private long nextSequence;
    private long epoch;
    private boolean snapshotted;
    private boolean failed;
    private KafkaProducer<byte[], byte[]> current;
    private long currentSequence;

    ExactlyOnceSinkPartition(KafkaSink<T> sink, String name, KafkaSinkState state) {
        this.sink = sink;
        this.name = name;
        this.props = sink.producerProperties();
        this.writer = new SinkWriter(sink.config(), props, name);
        if (state == null) {
            nextSequence = 0;
            epoch = 1;
        } else {
            nextSequence = state.nextSequence();
            epoch = state.epoch() + 1;
            lostEpochs.addAll(state.lostEpochs());
            for (KafkaSinkState.Prepared p : state.prepared()) {
                commitPrepared(p);
            }
        }
        abortLeftOpen();
    }

    /** Initializes ids from {@code nextSequence} on until a new one: aborts what a crashed run left open there. */
    private void abortLeftOpen() {
        for (long s = nextSequence; s < nextSequence + MAX_PROBES; s++) {
            String id = sink.transactionalId(name, s);
            KafkaProducer<byte[], byte[]> p = newProducer(s);
            try {
                p.initTransactions();
                if (Transactions.idAndEpoch(p).epoch == 0) {
                    if (s > nextSequence) {
                        LOG.info("sink partition {}: fenced transactional ids {}..{} left by an earlier run", name,
                                sink.transactionalId(name, nextSequence), sink.transactionalId(name, s - 1));
                    }
                    return;
                }
            } catch (RuntimeException e) {
                throw writer.failure(e, "initializing the transactions of " + topicAnd(id), sink.topic());
            } finally {
                p.close(Duration.ZERO);
            }
        }
        throw new KafkaSinkException("sink partition " + name + ": more than " + MAX_PROBES
                + " transactional ids in use after the saved state; is the prefix shared with another sink?", null);
    }

    /** Commits a transaction a crashed run prepared; a lost one fails the run unless lost output was accepted. */
    private void commitPrepared(KafkaSinkState.Prepared p) {
        String id = sink.transactionalId(name, p.sequence());
        try {
            Transactions.commitPrepared(props, id, p.producerId(), p.producerEpoch());
        } catch (RuntimeException e) {
            Throwable c = KafkaFailure.unwrap(e);
            if (!(c instanceof ProducerFencedException || c instanceof InvalidProducerEpochException
                    || c instanceof InvalidTxnStateException || c instanceof InvalidPidMappingException)) {
                throw writer.failure(e, "committing the output of epoch " + p.epoch() + " in " + topicAnd(id),
                        sink.topic());
            }
            String lost = "the brokers " + sink.config().brokers() + " no longer have the prepared transaction " + id
                    + " (producer id " + p.producerId() + ", epoch " + p.producerEpoch() + ") holding the output of"
                    + " epoch " + p.epoch() + (sink.topic() == null ? "" : " to topic " + sink.topic())
                    + " (sink partition " + name + "), which the recovery store has committed: most likely "
                    + "transaction.timeout.ms (" + sink.config().transactionTimeout() + ") passed before this run "
                    + "resumed, so that epoch's output is lost";
            if (!sink.config().acceptLostOutput()) {
                throw new KafkaSinkException(lost + "; to accept the loss and continue with the next epoch, run again"
                        + " with --accept-lost-output (KafkaSinkConfig.withAcceptLostOutput(true)); to avoid it, raise"
                        + " transaction.timeout.ms above the longest outage", e);
            }
            LOG.warn("{}; continuing without it because lost output was accepted (--accept-lost-output); "
                    + "'flowstate recovery inspect' lists the lost epochs", lost);
            lostEpochs.add(p.epoch());
        }
    }

    private String topicAnd(String txn) {
        return (sink.topic() == null ? "" : "topic " + sink.topic() + " ") + "(" + writer.where(txn) + ")";
    }

    private KafkaProducer<byte[], byte[]> newProducer(long sequence) {
        Map<String, Object> p = new HashMap<>(props);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, sink.transactionalId(name, sequence));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void writeBatch(List<T> items) {
        if (items.isEmpty()) {
            return;
        }
        try {
            if (current == null) {
                currentSequence = nextSequence++;
                current = newProducer(currentSequence);
                String id = sink.transactionalId(name, currentSequence);
                try {
                    current.initTransactions(); // bounded by max.block.ms
                    current.beginTransaction();
                } catch (RuntimeException e) {
                    throw writer.failure(e, "starting a transaction for " + topicAnd(id), sink.topic());
                }
            }
            writer.writeAll(current, items, sink.toRecord(), sink.transactionalId(name, currentSequence));
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public KafkaSinkState snapshot() {
        if (current != null) {
            // Every record of the transaction was acknowledged in writeBatch: it is prepared as it stands.
            ProducerIdAndEpoch id = Transactions.idAndEpoch(current);
            prepared.add(new Open(new KafkaSinkState.Prepared(epoch, currentSequence, id.producerId, id.epoch), current));
            current = null;
        }
        List<KafkaSinkState.Prepared> txns = new ArrayList<>(prepared.size());
        for (Open o : prepared) {
            txns.add(o.txn());
        }
        KafkaSinkState state = new KafkaSinkState(nextSequence, epoch, List.copyOf(txns), List.copyOf(lostEpochs));
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
            String id = sink.transactionalId(name, o.txn().sequence());
            try {
                o.producer().commitTransaction(); // bounded by max.block.ms
            } catch (RuntimeException e) {
                failed = true;
                throw writer.failure(e, "committing the output of epoch " + o.txn().epoch() + " in " + topicAnd(id),
                        sink.topic());
            } finally {
                o.producer().close(Duration.ZERO);
            }
        }
    }

    /**
     * Aborts the open (unprepared) transaction: its epoch is in no snapshot, so it will be replayed. After a run that
     * ended normally nothing is left prepared (the engine reported the last epoch committed before closing); after a
     * failure, prepared ones are left to the next run, which commits those its resume state lists: only the engine
     * knows whether they committed. After a failure of this partition's own producer nothing is attempted (the
     * broker may be gone; the next run aborts what is left open), so closing never waits on it.
     */
    @Override
    public void close() {
        writer.close();
        if (current != null) {
            if (!failed) {
                try {
                    current.abortTransaction(); // bounded by max.block.ms
                } catch (RuntimeException e) {
                    LOG.debug("sink partition {}: aborting on close failed (the next run aborts it)", name, e);
                }
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
