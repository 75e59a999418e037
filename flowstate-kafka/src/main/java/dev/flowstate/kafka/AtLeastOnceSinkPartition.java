package dev.flowstate.kafka;

import dev.flowstate.io.SinkPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/** One idempotent producer; every epoch close flushes it and surfaces the first send error. No state. */
final class AtLeastOnceSinkPartition<T> implements SinkPartition<T, KafkaSinkState> {
    private final String name;
    private final Function<? super T, ProducerRecord<byte[], byte[]>> toRecord;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> error = new AtomicReference<>();

    AtLeastOnceSinkPartition(Map<String, Object> props, String name, Function<? super T, ProducerRecord<byte[], byte[]>> toRecord) {
        this.name = name;
        this.toRecord = toRecord;
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void writeBatch(List<T> items) {
        throwIfFailed();
        for (T item : items) {
            producer.send(toRecord.apply(item), (md, e) -> {
                if (e != null) {
                    error.compareAndSet(null, e);
                }
            });
        }
    }

    @Override
    public KafkaSinkState snapshot() {
        producer.flush();
        throwIfFailed();
        return null;
    }

    private void throwIfFailed() {
        Exception e = error.get();
        if (e != null) {
            throw new KafkaSinkException("sending to Kafka failed (sink partition " + name + "): " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
