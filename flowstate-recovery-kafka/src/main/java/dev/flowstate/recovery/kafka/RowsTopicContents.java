package dev.flowstate.recovery.kafka;

import dev.flowstate.recovery.remote.Fencing;
import dev.flowstate.recovery.remote.RowView;
import dev.flowstate.recovery.spi.Segments;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.StoredRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The live records of the rows topic, read once and classified by key: bases, segments ({@link ChunkKey}) and
 * per-row records of the first layout ({@link RowCodec}). Knows which of them make up the store's rows before an
 * epoch: the newest base, then the counting segments and rows from its epoch on, in (epoch, execution) order.
 */
final class RowsTopicContents {
    /** One live record; exactly one of {@code chunk} and {@code row} is set. */
    record Entry(ConsumerRecord<byte[], byte[]> record, ChunkKey chunk, RowCodec.RowKey row) {
        long epoch() {
            return chunk != null ? chunk.epoch() : row.epoch();
        }

        long execution() {
            return chunk != null ? chunk.execution() : row.execution();
        }

        boolean isBase() {
            return chunk != null && chunk.isBase();
        }

        String where() {
            return record.topic() + " partition " + record.partition() + " offset " + record.offset();
        }
    }

    private static final Comparator<Entry> WRITE_ORDER =
            Comparator.comparingLong(Entry::epoch).thenComparingLong(Entry::execution);

    private final List<Entry> entries;
    private final long newestBase;

    private RowsTopicContents(List<Entry> entries) {
        this.entries = entries;
        long base = 0;
        for (Entry e : entries) {
            if (e.isBase()) {
                base = Math.max(base, e.epoch());
            }
        }
        this.newestBase = base;
    }

    /** Classifies records (in partition, offset order); a key of neither kind is damage. */
    static RowsTopicContents of(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Entry> entries = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                ChunkKey chunk = ChunkKey.parse(r.key());
                entries.add(chunk != null ? new Entry(r, chunk, null) : new Entry(r, null, RowCodec.decodeKey(r.key())));
            } catch (IllegalArgumentException e) {
                throw damaged(r, e);
            }
        }
        return new RowsTopicContents(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /** The epoch of the newest base (its rows are the newest of each key below it), or 0 if there is none. */
    long newestBase() {
        return newestBase;
    }

    /** Whether an entry is part of the store's rows: the newest base, or counting rows from its epoch on. */
    boolean inUse(Entry e, Fencing fencing) {
        if (e.isBase()) {
            return e.epoch() == newestBase;
        }
        return e.epoch() >= newestBase && fencing.counts(e.execution(), e.epoch());
    }

    /** The newest row per (step, key) below {@code before}. */
    RowView view(long before, Fencing fencing) {
        RowView view = new RowView(before);
        List<Entry> rows = new ArrayList<>();
        for (Entry e : entries) {
            if (e.isBase() && e.epoch() == newestBase) {
                view.add(decode(e)); // below every segment in use, so first
            } else if (!e.isBase() && e.epoch() < before && inUse(e, fencing)) {
                rows.add(e);
            }
        }
        rows.sort(WRITE_ORDER); // stable: parts of one write stay in the order written
        for (Entry e : rows) {
            view.add(decode(e));
        }
        return view;
    }

    private static List<StoredRow> decode(Entry e) {
        try {
            return e.chunk() != null ? Segments.decode(e.record().value())
                    : List.of(RowCodec.decode(e.row(), e.record().value()));
        } catch (IllegalArgumentException x) {
            throw damaged(e.record(), x);
        }
    }

    private static RecoveryBackendException damaged(ConsumerRecord<byte[], byte[]> r, IllegalArgumentException e) {
        return new RecoveryBackendException(Kind.DAMAGED, r.topic() + " partition " + r.partition() + " offset "
                + r.offset(), e.getMessage(), e);
    }
}
