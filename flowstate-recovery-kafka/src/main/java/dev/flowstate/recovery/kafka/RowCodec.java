package dev.flowstate.recovery.kafka;

import dev.flowstate.recovery.spi.StoredRow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Rows as Kafka records. Record key: step id, key, epoch and the writing execution, so that each row is its own
 * compaction key (rows of several epochs of one key coexist until garbage collection removes the superseded ones
 * with Kafka tombstones). Record value: route hash, checksum, state (length -1 for a row tombstone, which is not
 * a Kafka tombstone). A row's partition depends on (step, key) only, so all rows of a key are in one partition, in
 * the order they were written.
 */
final class RowCodec {
    /** A decoded record key. */
    record RowKey(String stepId, byte[] key, long epoch, long execution) {
    }

    private RowCodec() {
    }

    static byte[] key(StoredRow r, long execution) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(r.key().length + r.stepId().length() + 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(r.stepId());
            out.writeInt(r.key().length);
            out.write(r.key());
            out.writeLong(r.epoch());
            out.writeLong(execution);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] value(StoredRow r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((r.state() == null ? 0 : r.state().length) + 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(r.routeHash());
            out.writeInt(r.checksum());
            out.writeInt(r.state() == null ? -1 : r.state().length);
            if (r.state() != null) {
                out.write(r.state());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The partition of every row of (step, key). */
    static int partition(String stepId, byte[] key, int partitions) {
        int h = stepId.hashCode();
        for (byte b : key) {
            h = 31 * h + b;
        }
        return Math.floorMod(h ^ (h >>> 16), partitions);
    }

    static RowKey decodeKey(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String step = in.readUTF();
            byte[] key = new byte[in.readInt()];
            in.readFully(key);
            return new RowKey(step, key, in.readLong(), in.readLong());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a Flowstate row key: " + e, e);
        }
    }

    static StoredRow decode(RowKey k, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int route = in.readInt();
            int checksum = in.readInt();
            int len = in.readInt();
            byte[] state = null;
            if (len >= 0) {
                state = new byte[len];
                in.readFully(state);
            }
            return new StoredRow(k.stepId(), k.key(), k.epoch(), route, state, checksum);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a Flowstate row value: " + e, e);
        }
    }
}
