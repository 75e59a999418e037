package dev.flowstate.recovery.spi;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The binary form of many rows in one blob, for backends that store rows in blobs instead of one record each: a
 * segment (rows of one worker epoch, or part of them) of the object store and of Kafka, a base (the compacted newest
 * rows below an epoch), and a chunk of the SQLite epoch log.
 *
 * <p>Format {@code FSG1}, big-endian: magic {@code 0x46534731}, row count, then per row its step id (as
 * {@link DataOutputStream#writeUTF}), key length and key, epoch, route hash, state length (-1 for a tombstone) and
 * state, checksum; last a CRC-32C of everything before it. Stores that never show a partly written blob (S3
 * objects, Kafka transactions, SQLite transactions) need the CRC only against damage at rest and edits: a mismatch
 * is reported as damage, never read as other rows. Thread-safe (no state).
 */
public final class Segments {
    private static final int MAGIC = 0x46534731; // "FSG1"
    private static final int HEADER = 8;
    private static final int TRAILER = 4;

    private Segments() {
    }

    /** Encodes rows as one blob, in their order. */
    public static byte[] encode(Collection<StoredRow> rows) {
        // A step id's bytes are encoded once per distinct String instance; rows of one step share one instance.
        Map<String, byte[]> steps = new IdentityHashMap<>();
        long size = HEADER + TRAILER;
        for (StoredRow r : rows) {
            size += steps.computeIfAbsent(r.stepId(), Segments::utf).length + rowBytes(r);
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("rows of " + size + " bytes do not fit one segment; split them first");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putInt(MAGIC).putInt(rows.size());
        for (StoredRow r : rows) {
            out.put(steps.get(r.stepId())).putInt(r.key().length).put(r.key()).putLong(r.epoch()).putInt(r.routeHash());
            if (r.state() == null) {
                out.putInt(-1);
            } else {
                out.putInt(r.state().length).put(r.state());
            }
            out.putInt(r.checksum());
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /** The rows of a blob, in the order encoded; IllegalArgumentException if it is not one or is damaged. */
    public static List<StoredRow> decode(byte[] bytes) {
        if (bytes.length < HEADER + TRAILER) {
            throw new IllegalArgumentException("too short to be a segment (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - TRAILER);
        if ((int) crc.getValue() != in.getInt(bytes.length - TRAILER)) {
            throw new IllegalArgumentException("segment checksum mismatch");
        }
        in.limit(bytes.length - TRAILER);
        if (in.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a Flowstate segment (bad magic)");
        }
        try {
            int n = in.getInt();
            List<StoredRow> rows = new ArrayList<>(Math.min(n, bytes.length / 30 + 1));
            String step = null;
            int stepAt = -1;
            int stepLength = -1;
            for (int i = 0; i < n; i++) {
                int at = in.position();
                int length = 2 + (in.getShort() & 0xFFFF);
                // rows of one step repeat its bytes: decode them once, reuse the String while they are the same
                if (step == null || length != stepLength
                        || !Arrays.equals(bytes, at, at + length, bytes, stepAt, stepAt + length)) {
                    step = new DataInputStream(new ByteArrayInputStream(bytes, at, length)).readUTF();
                    stepAt = at;
                    stepLength = length;
                }
                in.position(at + length);
                byte[] key = new byte[in.getInt()];
                in.get(key);
                long epoch = in.getLong();
                int route = in.getInt();
                int len = in.getInt();
                byte[] state = null;
                if (len >= 0) {
                    state = new byte[len];
                    in.get(state);
                }
                rows.add(new StoredRow(step, key, epoch, route, state, in.getInt()));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("segment has " + in.remaining() + " bytes after its rows");
            }
            return rows;
        } catch (BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException
                 | NegativeArraySizeException | IOException e) {
            throw new IllegalArgumentException("truncated segment: " + e, e);
        }
    }

    /**
     * Splits rows into groups whose blobs stay under about {@code maxBytes} each (a single larger row is a group of
     * its own), for stores that limit the size of one record or want blobs of a bounded size. Groups are views of
     * {@code rows}, in order.
     */
    public static List<List<StoredRow>> split(List<StoredRow> rows, int maxBytes) {
        List<List<StoredRow>> groups = new ArrayList<>();
        int from = 0;
        long bytes = HEADER + TRAILER;
        for (int i = 0; i < rows.size(); i++) {
            StoredRow r = rows.get(i);
            long size = 2 + 3L * r.stepId().length() + rowBytes(r); // at most 3 bytes per char in modified UTF-8
            if (i > from && bytes + size > maxBytes) {
                groups.add(rows.subList(from, i));
                from = i;
                bytes = HEADER + TRAILER;
            }
            bytes += size;
        }
        if (from < rows.size()) {
            groups.add(rows.subList(from, rows.size()));
        }
        return groups;
    }

    /** Bytes of a row after its step id. */
    private static int rowBytes(StoredRow r) {
        return 4 + r.key().length + 8 + 4 + 4 + (r.state() == null ? 0 : r.state().length) + 4;
    }

    private static byte[] utf(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length() + 2);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
