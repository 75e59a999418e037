package dev.flowstate.internal.cluster;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The connection to one other process: a reader thread and a writer thread over one TCP socket. */
final class Peer {
    private static final byte[] SHUTDOWN = new byte[0];
    /** An idle connection carries a heartbeat this often; a peer silent for {@link #SILENCE_MILLIS} is lost. */
    static final long HEARTBEAT_MILLIS = 1000;
    static final int SILENCE_MILLIS = 15_000;
    private static final byte[] HEARTBEAT = Frames.frame(Frames.HEARTBEAT, o -> { });

    final int processId;
    final String address;
    final Socket socket;
    final int maxFrameBytes;
    final DataInputStream in;
    final DataOutputStream out;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    /** The peer said goodbye (or we stopped talking to it): nothing more is sent. */
    volatile boolean outputClosed;
    volatile boolean byeReceived;
    volatile boolean closing;
    private Thread reader;
    private Thread writer;

    Peer(int processId, String address, Socket socket, int maxFrameBytes) throws IOException {
        this.processId = processId;
        this.address = address;
        this.socket = socket;
        this.maxFrameBytes = maxFrameBytes;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    }

    String describe() {
        return "process " + processId + " (" + address + ")";
    }

    void start(ClusterTransport transport) {
        writer = new Thread(() -> writeLoop(transport), "flowstate-cluster-writer-" + processId);
        reader = new Thread(() -> readLoop(transport), "flowstate-cluster-reader-" + processId);
        writer.setDaemon(true);
        reader.setDaemon(true);
        writer.start();
        reader.start();
    }

    /**
     * Queues a frame. A frame larger than the maximum is refused here, naming the peer, so the receiver never has to
     * drop the connection over it.
     */
    void send(byte[] frame) {
        if (frame.length - 4 > maxFrameBytes) {
            throw new OversizeFrameException("a frame of " + (frame.length - 4) + " bytes for " + describe()
                    + " exceeds the maximum of " + maxFrameBytes + " bytes (--max-frame-bytes); send smaller items or"
                    + " raise the maximum on every process");
        }
        if (!outputClosed) {
            queue.add(frame);
        }
    }

    /** Sends what is queued, then the last frame, then closes the sending direction. */
    void finishOutput(byte[] lastFrame) {
        if (outputClosed) {
            return;
        }
        if (lastFrame != null) {
            queue.add(lastFrame);
        }
        outputClosed = true;
        queue.add(SHUTDOWN);
    }

    private void writeLoop(ClusterTransport transport) {
        try {
            while (true) {
                byte[] f = queue.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (f == null) {
                    f = HEARTBEAT; // idle: tell the peer this process is alive
                }
                if (f == SHUTDOWN) {
                    out.flush();
                    shutdownOutput();
                    return;
                }
                out.write(f);
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closing && !byeReceived) {
                transport.lost(this, e);
            }
        }
    }

    private void shutdownOutput() throws IOException {
        try {
            socket.shutdownOutput();
        } catch (UnsupportedOperationException e) {
            out.flush(); // a TLS socket without half-close: the peer sees the end when the socket closes
        }
    }

    private void readLoop(ClusterTransport transport) {
        try {
            socket.setSoTimeout(SILENCE_MILLIS);
            while (true) {
                byte[] f = Frames.read(in, maxFrameBytes, describe(), "--max-frame-bytes; raise it on every process");
                transport.dispatch(this, f);
            }
        } catch (java.net.SocketTimeoutException e) {
            if (!closing && !byeReceived) {
                transport.lost(this, new IOException("no frame (not even a heartbeat) for " + SILENCE_MILLIS / 1000
                        + " s"));
            }
        } catch (Frames.FrameTooLargeException | RefusedFrameException e) {
            transport.lost(this, e);
            closeSocket(); // nothing more is read from a peer that broke the protocol
        } catch (IOException e) {
            if (!closing && !byeReceived) {
                transport.lost(this, e);
            }
        } catch (RuntimeException e) {
            transport.lost(this, e);
        }
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** A frame this process will not accept (e.g. naming a class that is not allowed); the connection is dropped. */
    static final class RefusedFrameException extends IOException {
        RefusedFrameException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A frame to send is larger than the maximum. */
    static final class OversizeFrameException extends dev.flowstate.DataflowException {
        OversizeFrameException(String message) {
            super(message, null);
        }
    }

    /** Waits (bounded) for the writer to drain and the peer to close its side, then closes the socket. */
    void awaitClosed(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        join(writer, deadline);
        join(reader, deadline);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void join(Thread t, long deadline) {
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) {
            return;
        }
        try {
            t.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
