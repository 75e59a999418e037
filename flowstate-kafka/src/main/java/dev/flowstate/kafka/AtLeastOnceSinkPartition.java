package dev.flowstate.kafka;

import dev.flowstate.io.SinkPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One idempotent producer; each batch is written only once every record of it is acknowledged (bounded by the
 * sink's timeout), so an epoch close has nothing left to flush. No state.
 */
final class AtLeastOnceSinkPartition<T> implements SinkPartition<T, KafkaSinkState> {
    private final Function<? super T, ProducerRecord<byte[], byte[]>> toRecord;
    private final KafkaProducer<byte[], byte[]> producer;
    private final SinkWriter writer;

    AtLeastOnceSinkPartition(KafkaSinkConfig config, Map<String, Object> props, String name,
                             Function<? super T, ProducerRecord<byte[], byte[]>> toRecord) {
        this.toRecord = toRecord;
        this.writer = new SinkWriter(config, props, name);
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void writeBatch(List<T> items) {
        writer.writeAll(producer, items, toRecord, null);
    }

    @Override
    public KafkaSinkState snapshot() {
        return null; // every batch was acknowledged when writeBatch returned
    }

    @Override
    public void close() {
        writer.close();
        producer.close(Duration.ZERO);
    }
}
