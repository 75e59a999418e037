package dev.flowstate.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.ProducerIdAndEpoch;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The two things the public producer API cannot do, done by reflection on {@code kafka-clients} internals (tested
 * with 3.9.0; the same technique as Flink's {@code FlinkKafkaInternalProducer}): read a transactional producer's
 * producer id and epoch, and commit a transaction that another producer instance (of a crashed run) prepared.
 *
 * <p>Design notes: a transaction is identified on the coordinator by (transactional id, producer id, producer
 * epoch). A new producer with the same transactional id, its transaction manager set to that id and epoch and to
 * the in-transaction state, sends {@code EndTxn(COMMIT)} exactly like the original producer would have. If the
 * transaction was committed already, the coordinator answers success (a retried commit); if it was aborted (e.g.
 * {@code transaction.timeout.ms} elapsed) or the id was re-initialized, it answers with a fencing error.
 */
final class Transactions {
    private Transactions() {
    }

    /** The producer id and epoch of an initialized transactional producer. */
    static ProducerIdAndEpoch idAndEpoch(KafkaProducer<?, ?> producer) {
        Object tm = field(KafkaProducer.class, "transactionManager").get0(producer);
        return (ProducerIdAndEpoch) field(tm.getClass(), "producerIdAndEpoch").get0(tm);
    }

    /**
     * Commits the transaction {@code (transactionalId, producerId, epoch)} from a fresh producer.
     *
     * @throws KafkaException (e.g. {@code ProducerFencedException}, {@code InvalidTxnStateException}) if the
     *                        coordinator no longer has that transaction open or committed; a
     *                        {@code TimeoutException} if the coordinator did not answer within {@code max.block.ms}
     */
    static void commitPrepared(Map<String, Object> baseProps, String transactionalId, long producerId, short epoch) {
        Map<String, Object> props = new HashMap<>(baseProps);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            Object tm = field(KafkaProducer.class, "transactionManager").get0(p);
            synchronized (tm) {
                field(tm.getClass(), "producerIdAndEpoch").set0(tm, new ProducerIdAndEpoch(producerId, epoch));
                field(tm.getClass(), "currentState").set0(tm, state(tm.getClass(), "IN_TRANSACTION"));
                field(tm.getClass(), "transactionStarted").set0(tm, true);
            }
            p.commitTransaction(); // bounded by max.block.ms
        } finally {
            p.close(Duration.ZERO); // the commit's outcome is known here: never wait for an unreachable broker
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object state(Class<?> tmClass, String name) {
        for (Class<?> c : tmClass.getDeclaredClasses()) {
            if (c.isEnum() && c.getSimpleName().equals("State")) {
                return Enum.valueOf((Class) c, name);
            }
        }
        throw new IllegalStateException("kafka-clients has no TransactionManager.State; this version is not supported");
    }

    private static Accessor field(Class<?> c, String name) {
        try {
            Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return new Accessor(f);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("kafka-clients has no field " + c.getName() + "." + name
                    + "; exactly-once resume needs kafka-clients 3.x (tested with 3.9.0)", e);
        }
    }

    private record Accessor(Field f) {
        Object get0(Object target) {
            try {
                return f.get(target);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        void set0(Object target, Object value) {
            try {
                f.set(target, value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
