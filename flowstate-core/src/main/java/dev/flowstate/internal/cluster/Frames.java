package dev.flowstate.internal.cluster;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Framing: [int length of the rest][byte type][payload]. Every read is bounded by a maximum that the caller gives
 * (small during the handshake, configurable afterwards), checked before anything is allocated.
 */
final class Frames {
    static final int MAGIC = 0x464C5354; // "FLST"
    static final int VERSION = 2;

    static final byte HELLO = 1;
    static final byte PROOF = 2;
    static final byte REFUSE = 3;
    static final byte OK = 4;
    static final byte START = 5;
    static final byte DATA = 6;
    static final byte CREDIT = 7;
    static final byte PROGRESS = 8;
    static final byte ERROR = 9;
    static final byte BYE = 10;
    static final byte HEARTBEAT = 11;
    static final byte CHECK = 12;

    static final byte BATCH = 0;
    static final byte BARRIER = 1;
    static final byte BARRIER_EOF = 2;

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

    /**
     * Reads one frame of at most {@code max} bytes: its type is the first byte of the result.
     *
     * @param from who sent it, for the error message
     * @param limitName what sets {@code max}, for the error message
     */
    static byte[] read(DataInputStream in, int max, String from, String limitName) throws IOException {
        int len = in.readInt();
        if (len < 1) {
            throw new FrameTooLargeException("bad frame length " + len + " from " + from + " (not a Flowstate cluster peer?)");
        }
        if (len > max) {
            throw new FrameTooLargeException("a frame of " + len + " bytes from " + from + " exceeds the maximum of "
                    + max + " bytes (" + limitName + ")");
        }
        byte[] f = new byte[len];
        in.readFully(f);
        return f;
    }

    /** A frame's announced length is out of bounds: the connection cannot be read further. */
    static final class FrameTooLargeException extends IOException {
        FrameTooLargeException(String message) {
            super(message);
        }
    }

    interface Body {
        void write(DataOutputStream out) throws IOException;
    }
}
