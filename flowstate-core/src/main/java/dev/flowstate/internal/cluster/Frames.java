package dev.flowstate.internal.cluster;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/** Frame layout: [int length of the rest][byte type][payload]. */
final class Frames {
    static final int MAGIC = 0x464C5354; // "FLST"
    static final int VERSION = 1;
    static final int MAX_FRAME = 256 << 20;

    static final byte HELLO = 1;
    static final byte AUTH = 2;
    static final byte REFUSE = 3;
    static final byte OK = 4;
    static final byte START = 5;
    static final byte DATA = 6;
    static final byte CREDIT = 7;
    static final byte PROGRESS = 8;
    static final byte ERROR = 9;
    static final byte BYE = 10;
    static final byte HEARTBEAT = 11;

    static final byte BATCH = 0;
    static final byte BARRIER = 1;
    static final byte BARRIER_EOF = 2;
    /** A watermark: payload is its time (long); WATERMARK_IDLE: the sender is idle at that time. */
    static final byte WATERMARK = 3;
    static final byte WATERMARK_IDLE = 4;

    private Frames() {
    }

    /** Builds one frame; the payload is written by {@code body}. */
    static byte[] frame(byte type, Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(0);
            out.writeByte(type);
            body.write(out);
            out.flush();
            byte[] f = bytes.toByteArray();
            int len = f.length - 4;
            f[0] = (byte) (len >>> 24);
            f[1] = (byte) (len >>> 16);
            f[2] = (byte) (len >>> 8);
            f[3] = (byte) len;
            return f;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one frame: its type is the first byte of the result. */
    static byte[] read(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 1 || len > MAX_FRAME) {
            throw new IOException("bad frame length " + len + " (not a Flowstate cluster peer?)");
        }
        byte[] f = new byte[len];
        in.readFully(f);
        return f;
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    static final class ClosedException extends EOFException {
        ClosedException(String m) {
            super(m);
        }
    }
}
