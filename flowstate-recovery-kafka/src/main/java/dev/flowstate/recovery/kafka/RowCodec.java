package dev.flowstate.recovery.kafka;

import dev.flowstate.recovery.spi.StoredRow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Rows as Kafka records in the first Kafka layout, one record per row, which stores made before segments
 * ({@link ChunkKey}) still hold: readers decode them beside segments, and compaction folds them into a base. Nothing
 * writes this layout any more except tests that make such a store. Record key: step id, key, epoch and the writing
 * execution. Record value: route hash, checksum, state (length -1 for a row tombstone, which is not a Kafka
 * tombstone).
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
