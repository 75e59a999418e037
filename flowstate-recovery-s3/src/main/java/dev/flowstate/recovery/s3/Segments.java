package dev.flowstate.recovery.s3;

import dev.flowstate.recovery.spi.StoredRow;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary form of a segment (one worker's rows of one epoch) or a base (the compacted newest rows before an
 * epoch): magic {@code FSG1}, row count, rows, and a CRC-32C of everything before it. S3 never shows a partly
 * written object, so the CRC only guards against damage at rest; a mismatch is reported as damage, never read.
 */
final class Segments {
    private static final int MAGIC = 0x46534731; // "FSG1"

    private Segments() {
    }

    static byte[] encode(Collection<StoredRow> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + rows.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(rows.size());
            for (StoredRow r : rows) {
                out.writeUTF(r.stepId());
                out.writeInt(r.key().length);
                out.write(r.key());
                out.writeLong(r.epoch());
                out.writeInt(r.routeHash());
                out.writeInt(r.state() == null ? -1 : r.state().length);
                if (r.state() != null) {
                    out.write(r.state());
                }
                out.writeInt(r.checksum());
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The rows of a segment; IllegalArgumentException if it is not one or is damaged. */
    static List<StoredRow> decode(byte[] bytes) {
        if (bytes.length < 12) {
            throw new IllegalArgumentException("too short to be a segment (" + bytes.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ((bytes[bytes.length - 4] & 0xff) << 24) | ((bytes[bytes.length - 3] & 0xff) << 16)
                | ((bytes[bytes.length - 2] & 0xff) << 8) | (bytes[bytes.length - 1] & 0xff);
        if ((int) crc.getValue() != stored) {
            throw new IllegalArgumentException("segment checksum mismatch");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a Flowstate segment (bad magic)");
            }
            int n = in.readInt();
            List<StoredRow> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String step = in.readUTF();
                byte[] key = new byte[in.readInt()];
                in.readFully(key);
                long epoch = in.readLong();
                int route = in.readInt();
                int len = in.readInt();
                byte[] state = null;
                if (len >= 0) {
                    state = new byte[len];
                    in.readFully(state);
                }
                rows.add(new StoredRow(step, key, epoch, route, state, in.readInt()));
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated segment: " + e, e);
        }
    }
}
