package dev.flowstate.internal.cluster;

import dev.flowstate.ClusterConfig;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** A hand-driven connection to a member: writes chosen frames and reads what the member answers. */
final class Stranger implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    Stranger(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(20_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A connector's HELLO claiming {@code id}, with the given secret flag and nonce. */
    static byte[] hello(int id, boolean hasSecret, byte[] nonce) {
        return Frames.frame(Frames.HELLO, o -> {
            o.writeInt(Frames.MAGIC);
            o.writeInt(Frames.VERSION);
            o.writeByte(Handshake.CONNECTOR);
            o.writeInt(id);
            o.writeBoolean(hasSecret);
            o.write(nonce);
        });
    }

    static byte[] proof(byte[] mac) {
        return Frames.frame(Frames.PROOF, o -> o.write(mac));
    }

    /** The next frame (type first), or null when the member closed the connection. */
    byte[] readFrame() throws IOException {
        try {
            return Frames.read(in, ClusterConfig.DEFAULT_MAX_FRAME_BYTES, "member", "test");
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    /** The acceptor's HELLO: {nonce, proof}. */
    byte[][] readAcceptorHello() throws IOException {
        byte[] f = readFrame();
        if (f == null || f[0] != Frames.HELLO) {
            throw new AssertionError("expected the member's HELLO, got " + describe(f));
        }
        DataInputStream h = new DataInputStream(new ByteArrayInputStream(f, 1, f.length - 1));
        h.readInt();
        h.readInt();
        h.readByte();
        h.readInt();
        h.readBoolean();
        byte[] nonce = new byte[Handshake.NONCE_BYTES];
        h.readFully(nonce);
        byte[] proof = new byte[32];
        h.readFully(proof);
        return new byte[][] {nonce, proof};
    }

    /** Reads until the member refuses (returns its reason) or closes (returns null). */
    String readRefusal() throws IOException {
        while (true) {
            byte[] f = readFrame();
            if (f == null) {
                return null;
            }
            if (f[0] == Frames.REFUSE) {
                return new DataInputStream(new ByteArrayInputStream(f, 1, f.length - 1)).readUTF();
            }
        }
    }

    /** True when the member closed the connection within the read timeout. */
    boolean closedByMember() throws IOException {
        try {
            byte[] buf = new byte[4096];
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    private static String describe(byte[] f) {
        return f == null ? "the end of the connection" : "frame type " + f[0];
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
