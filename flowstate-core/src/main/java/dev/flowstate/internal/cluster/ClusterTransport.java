package dev.flowstate.internal.cluster;

import dev.flowstate.DataflowException;
import dev.flowstate.internal.runtime.Channel;
import dev.flowstate.internal.runtime.ClusterLink;
import dev.flowstate.internal.runtime.Message;
import dev.flowstate.internal.serde.KryoSerde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The TCP transport of one process of a cluster: one connection per pair of processes (the higher process id
 * connects to the lower), a handshake that checks dataflow fingerprint, process and worker counts, process id and —
 * with a secret — an HMAC challenge, then length-prefixed frames carrying exchange messages, credits, frontiers,
 * errors and goodbyes.
 */
public final class ClusterTransport implements ClusterLink {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTransport.class);
    static final int CHANNEL_CAPACITY = 32;
    private static final long HANDSHAKE_TIMEOUT_MS = 10_000;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final List<String> addresses;
    private final int processId;
    private final int processes;
    private final int workersPerProcess;
    private final String fingerprint;
    private final byte[] secret;
    private final Peer[] peers;
    private final Map<Long, RemoteOutChannel> outChannels = new ConcurrentHashMap<>();
    private final Map<Long, RemoteInChannel> inChannels = new ConcurrentHashMap<>();
    private final CompletableFuture<long[]> start = new CompletableFuture<>();
    private final List<long[]> pendingFrontiers = new ArrayList<>();
    private String pendingFailure;
    private volatile Listener listener;
    private volatile boolean finished;

    private ClusterTransport(List<String> addresses, int processId, int workersPerProcess, String fingerprint,
                             byte[] secret) {
        this.addresses = List.copyOf(addresses);
        this.processId = processId;
        this.processes = addresses.size();
        this.workersPerProcess = workersPerProcess;
        this.fingerprint = fingerprint;
        this.secret = secret;
        this.peers = new Peer[processes];
    }

    /**
     * Connects to every other process: listens on this process's port for the higher ids, connects to the lower
     * ids, retrying until {@code timeout}. Throws {@link DataflowException} naming the failed check or the missing
     * peers.
     */
    public static ClusterTransport connect(List<String> addresses, int processId, int workersPerProcess,
                                           String fingerprint, byte[] secret, Duration timeout) {
        if (processId < 0 || processId >= addresses.size()) {
            throw new IllegalArgumentException("process id " + processId + " is out of range for " + addresses.size()
                    + " processes");
        }
        ClusterTransport t = new ClusterTransport(addresses, processId, workersPerProcess, fingerprint,
                secret == null || secret.length == 0 ? null : secret);
        t.establish(timeout);
        return t;
    }

    private void establish(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ServerSocket server = null;
        Acceptor acceptor = null;
        try {
            if (processId < processes - 1) {
                server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(port(addresses.get(processId))));
                acceptor = new Acceptor(server, deadline);
                acceptor.start();
            }
            for (int j = 0; j < processId; j++) {
                peers[j] = connectTo(j, deadline, timeout);
            }
            if (acceptor != null) {
                acceptor.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1000));
                if (acceptor.failure != null) {
                    throw acceptor.failure;
                }
                List<String> missing = new ArrayList<>();
                for (int j = processId + 1; j < processes; j++) {
                    if (peers[j] == null) {
                        missing.add("process " + j + " (" + addresses.get(j) + ")");
                    }
                }
                if (!missing.isEmpty()) {
                    throw new DataflowException("process " + processId + ": timed out after " + timeout.toSeconds()
                            + " s waiting for " + String.join(", ", missing) + " to connect"
                            + (acceptor.lastRefusal == null ? "" : "; last refused connection: " + acceptor.lastRefusal),
                            null);
                }
            }
        } catch (IOException e) {
            closeAll();
            throw new DataflowException("process " + processId + ": cannot listen on " + addresses.get(processId) + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeAll();
            throw new DataflowException("interrupted while connecting to the cluster", e);
        } catch (RuntimeException e) {
            closeAll();
            throw e;
        } finally {
            if (acceptor != null) {
                acceptor.interrupt();
            }
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // done with it
                }
            }
        }
        LOG.info("process {} of {}: connected to all peers", processId, processes);
        for (Peer p : peers) {
            if (p != null) {
                p.start(this);
            }
        }
    }

    private void closeAll() {
        for (Peer p : peers) {
            if (p != null) {
                try {
                    p.socket.close();
                } catch (IOException ignored) {
                    // failing anyway
                }
            }
        }
    }

    private final class Acceptor extends Thread {
        private final ServerSocket server;
        private final long deadline;
        volatile String lastRefusal;
        volatile RuntimeException failure;

        Acceptor(ServerSocket server, long deadline) {
            super("flowstate-cluster-acceptor");
            setDaemon(true);
            this.server = server;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            long nextLog = System.nanoTime() + LOG_EVERY_NANOS;
            try {
                server.setSoTimeout(200);
                while (!allAccepted() && System.nanoTime() - deadline < 0 && !isInterrupted()) {
                    if (System.nanoTime() - nextLog >= 0) {
                        nextLog = System.nanoTime() + LOG_EVERY_NANOS;
                        LOG.info("process {}: waiting for higher-numbered processes to connect to {}", processId,
                                addresses.get(processId));
                    }
                    Socket s;
                    try {
                        s = server.accept();
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    try {
                        int peer = handshake(s, -1);
                        synchronized (peers) {
                            peers[peer] = new Peer(peer, addresses.get(peer), s);
                        }
                        LOG.info("process {}: process {} connected from {}", processId, peer, s.getRemoteSocketAddress());
                    } catch (Refused r) {
                        lastRefusal = r.getMessage() + " (from " + s.getRemoteSocketAddress() + ")";
                        LOG.warn("process {}: refused connection from {}: {}", processId, s.getRemoteSocketAddress(),
                                r.getMessage());
                        s.close();
                    } catch (IOException e) {
                        lastRefusal = "handshake failed: " + e.getMessage() + " (from " + s.getRemoteSocketAddress() + ")";
                        LOG.warn("process {}: handshake with {} failed: {}", processId, s.getRemoteSocketAddress(),
                                e.toString());
                        s.close();
                    }
                }
            } catch (IOException e) {
                failure = new DataflowException("process " + processId + ": accepting connections failed: " + e, e);
            }
        }

        private boolean allAccepted() {
            synchronized (peers) {
                for (int j = processId + 1; j < processes; j++) {
                    if (peers[j] == null) {
                        return false;
                    }
                }
                return true;
            }
        }
    }

    private Peer connectTo(int j, long deadline, Duration timeout) throws InterruptedException {
        String address = addresses.get(j);
        long nextLog = System.nanoTime() + LOG_EVERY_NANOS;
        String lastError = null;
        int attempts = 0;
        while (System.nanoTime() - deadline < 0) {
            attempts++;
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host(address), port(address)), 1000);
                handshake(s, j);
                LOG.info("process {}: connected to process {} at {}", processId, j, address);
                return new Peer(j, address, s);
            } catch (Refused r) {
                closeQuietly(s);
                throw new DataflowException("process " + processId + ": cannot join process " + j + " (" + address
                        + "): " + r.getMessage(), null);
            } catch (IOException e) {
                closeQuietly(s);
                lastError = e.toString();
            }
            if (System.nanoTime() - nextLog >= 0) {
                nextLog = System.nanoTime() + LOG_EVERY_NANOS;
                LOG.info("process {}: waiting for process {} at {} (attempt {}: {})", processId, j, address, attempts,
                        lastError);
            }
            Thread.sleep(200);
        }
        throw new DataflowException("process " + processId + ": timed out after " + timeout.toSeconds()
                + " s connecting to process " + j + " at " + address + " (" + attempts + " attempts; last error: "
                + lastError + ")", null);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    /** A check of the handshake failed; the message says which. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Both sides send HELLO, check the other's, then (with a secret) prove knowledge of it over the other's nonce,
     * then send OK. A failed check sends REFUSE with the reason, so both sides name it.
     *
     * @param expected the peer's process id, or -1 when accepting
     * @return the peer's process id
     */
    int handshake(Socket s, int expected) throws IOException, Refused {
        s.setSoTimeout((int) HANDSHAKE_TIMEOUT_MS);
        s.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(s.getInputStream());
        var out = s.getOutputStream();
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        out.write(Frames.frame(Frames.HELLO, o -> {
            o.writeInt(Frames.MAGIC);
            o.writeInt(Frames.VERSION);
            o.writeUTF(fingerprint);
            o.writeInt(processes);
            o.writeInt(workersPerProcess);
            o.writeInt(processId);
            o.writeBoolean(secret != null);
            o.write(nonce);
        }));
        out.flush();
        DataInputStream hello = expect(in, Frames.HELLO);
        int peerId;
        byte[] peerNonce = new byte[32];
        String problem;
        try {
            int magic = hello.readInt();
            int version = hello.readInt();
            if (magic != Frames.MAGIC) {
                throw refuse(out, "not a Flowstate cluster peer (bad magic number)");
            }
            if (version != Frames.VERSION) {
                throw refuse(out, "protocol version differs: this process speaks " + Frames.VERSION + ", the peer "
                        + version);
            }
            String peerFingerprint = hello.readUTF();
            int peerProcesses = hello.readInt();
            int peerWorkers = hello.readInt();
            peerId = hello.readInt();
            boolean peerHasSecret = hello.readBoolean();
            hello.readFully(peerNonce);
            problem = !peerFingerprint.equals(fingerprint)
                    ? "dataflow fingerprint differs: this process runs " + fingerprint + ", the peer runs "
                    + peerFingerprint + " (all processes must run the same dataflow)"
                    : peerProcesses != processes
                    ? "process count differs: this process has " + processes + ", the peer " + peerProcesses
                    : peerWorkers != workersPerProcess
                    ? "workers per process differ: this process has " + workersPerProcess + ", the peer " + peerWorkers
                    : expected >= 0 && peerId != expected
                    ? "process id differs: expected process " + expected + " at this address, found process " + peerId
                    : expected < 0 && (peerId <= processId || peerId >= processes)
                    ? "unexpected process id " + peerId + " (process " + processId + " accepts ids " + (processId + 1)
                    + " to " + (processes - 1) + ")"
                    : expected < 0 && isConnected(peerId)
                    ? "process " + peerId + " is already connected"
                    : peerHasSecret != (secret != null)
                    ? "FLOWSTATE_CLUSTER_SECRET is set on " + (secret != null ? "this process" : "the peer")
                    + " but not on " + (secret != null ? "the peer" : "this process")
                    : null;
        } catch (IOException e) {
            throw refuse(out, "malformed HELLO: " + e);
        }
        if (problem != null) {
            throw refuse(out, problem);
        }
        if (secret != null) {
            out.write(Frames.frame(Frames.AUTH, o -> o.write(mac(peerNonce, nonce, processId))));
            out.flush();
            DataInputStream auth = expect(in, Frames.AUTH);
            byte[] got = new byte[32];
            auth.readFully(got);
            if (!MessageDigest.isEqual(got, mac(nonce, peerNonce, peerId))) {
                throw refuse(out, "secret check failed: the peer does not know FLOWSTATE_CLUSTER_SECRET");
            }
        }
        out.write(Frames.frame(Frames.OK, o -> { }));
        out.flush();
        expect(in, Frames.OK);
        s.setSoTimeout(0);
        return peerId;
    }

    private boolean isConnected(int peerId) {
        synchronized (peers) {
            return peers[peerId] != null;
        }
    }

    /** HMAC-SHA256(secret, challenge nonce || responder's nonce || responder's id || fingerprint). */
    private byte[] mac(byte[] challenge, byte[] responderNonce, int responderId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update("flowstate-cluster-v1".getBytes(StandardCharsets.UTF_8));
            mac.update(challenge);
            mac.update(responderNonce);
            mac.update(new byte[] {(byte) (responderId >>> 24), (byte) (responderId >>> 16), (byte) (responderId >>> 8),
                    (byte) responderId});
            return mac.doFinal(fingerprint.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Refused refuse(java.io.OutputStream out, String reason) {
        try {
            out.write(Frames.frame(Frames.REFUSE, o -> o.writeUTF("refused by peer: " + reason)));
            out.flush();
        } catch (IOException ignored) {
            // the peer may be gone already
        }
        return new Refused(reason);
    }

    private static DataInputStream expect(DataInputStream in, byte type) throws IOException, Refused {
        byte[] f = Frames.read(in);
        DataInputStream body = new DataInputStream(new ByteArrayInputStream(f, 1, f.length - 1));
        if (f[0] == Frames.REFUSE) {
            throw new Refused(body.readUTF());
        }
        if (f[0] != type) {
            throw new IOException("unexpected frame type " + f[0] + " during handshake (expected " + type + ")");
        }
        return body;
    }

    private static String host(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    // ---- running ----

    private long key(int exchange, int src, int dst) {
        long n = (long) processes * workersPerProcess;
        return ((long) exchange * n + src) * n + dst;
    }

    private Peer peerOf(int worker) {
        return peers[worker / workersPerProcess];
    }

    @Override
    public int processId() {
        return processId;
    }

    @Override
    public int processes() {
        return processes;
    }

    @Override
    public Channel outbound(String stepId, int exchange, int src, int dst, Runnable wakeSender) {
        RemoteOutChannel c = new RemoteOutChannel(stepId, exchange, src, dst, CHANNEL_CAPACITY, peerOf(dst), wakeSender);
        outChannels.put(key(exchange, src, dst), c);
        return c;
    }

    @Override
    public Channel inbound(int exchange, int src, int dst, Runnable wakeReceiver) {
        RemoteInChannel c = inChannels.computeIfAbsent(key(exchange, src, dst), k -> new RemoteInChannel(exchange, src, dst));
        c.bind(peerOf(src), wakeReceiver);
        return c;
    }

    @Override
    public void sendStart(long execution, long resumeEpoch) {
        byte[] f = Frames.frame(Frames.START, o -> {
            o.writeLong(execution);
            o.writeLong(resumeEpoch);
        });
        for (Peer p : peers) {
            if (p != null) {
                p.send(f);
            }
        }
    }

    @Override
    public long[] awaitStart() {
        try {
            return start.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataflowException("interrupted while waiting for process 0 to start", e);
        } catch (ExecutionException e) {
            throw new DataflowException(e.getCause().getMessage(), null);
        }
    }

    @Override
    public void bind(Listener l) {
        List<long[]> replay;
        String failure;
        synchronized (this) {
            listener = l;
            replay = new ArrayList<>(pendingFrontiers);
            pendingFrontiers.clear();
            failure = pendingFailure;
        }
        for (long[] f : replay) {
            l.remoteFrontier((int) f[0], f[1], f[2] != 0);
        }
        if (failure != null) {
            l.remoteFailure(failure);
        }
    }

    @Override
    public void publishFrontier(int worker, long frontier, boolean workerFinished) {
        byte[] f = Frames.frame(Frames.PROGRESS, o -> {
            o.writeInt(worker);
            o.writeLong(frontier);
            o.writeBoolean(workerFinished);
        });
        for (Peer p : peers) {
            if (p != null) {
                p.send(f);
            }
        }
    }

    void dispatch(Peer peer, byte[] f) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(f, 1, f.length - 1));
        switch (f[0]) {
            case Frames.DATA -> {
                int x = in.readInt();
                int src = in.readInt();
                int dst = in.readInt();
                long epoch = in.readLong();
                byte kind = in.readByte();
                int len = in.readInt();
                Message m;
                if (kind == Frames.BATCH) {
                    byte[] payload = new byte[len];
                    in.readFully(payload);
                    Object[] items = (Object[]) KryoSerde.INSTANCE.fromBytes(payload);
                    m = new Message.Batch(epoch, items, items.length);
                } else if (kind == Frames.WATERMARK || kind == Frames.WATERMARK_IDLE) {
                    m = new Message.Watermark(epoch, in.readLong(), kind == Frames.WATERMARK_IDLE);
                } else {
                    m = new Message.Barrier(epoch, kind == Frames.BARRIER_EOF);
                }
                inChannels.computeIfAbsent(key(x, src, dst), k -> new RemoteInChannel(x, src, dst)).arrive(m);
            }
            case Frames.CREDIT -> {
                int x = in.readInt();
                int src = in.readInt();
                int dst = in.readInt();
                int n = in.readInt();
                RemoteOutChannel c = outChannels.get(key(x, src, dst));
                if (c != null) {
                    c.credit(n);
                }
            }
            case Frames.PROGRESS -> {
                int worker = in.readInt();
                long frontier = in.readLong();
                boolean fin = in.readBoolean();
                Listener l = listener;
                if (l == null) {
                    synchronized (this) {
                        l = listener;
                        if (l == null) {
                            pendingFrontiers.add(new long[] {worker, frontier, fin ? 1 : 0});
                        }
                    }
                }
                if (l != null) {
                    l.remoteFrontier(worker, frontier, fin);
                }
            }
            case Frames.START -> start.complete(new long[] {in.readLong(), in.readLong()});
            case Frames.ERROR -> {
                String message = in.readUTF();
                peer.byeReceived = true; // it stops; its closing is not a second failure
                peer.finishOutput(null);
                failed(peer.describe() + " failed: " + message);
            }
            case Frames.BYE -> {
                peer.byeReceived = true;
                peer.finishOutput(null);
                LOG.debug("process {}: {} finished", processId, peer.describe());
            }
            case Frames.HEARTBEAT -> {
                // the peer is alive; the read itself reset the silence timer
            }
            default -> throw new IOException("unknown frame type " + f[0] + " from " + peer.describe());
        }
    }

    void lost(Peer peer, Throwable cause) {
        if (finished) {
            return;
        }
        failed("lost connection to " + peer.describe() + ": " + cause);
    }

    private void failed(String message) {
        LOG.error("process {}: {}", processId, message);
        start.completeExceptionally(new DataflowException(message, null));
        Listener l;
        synchronized (this) {
            l = listener;
            if (l == null && pendingFailure == null) {
                pendingFailure = message;
            }
        }
        if (l != null) {
            l.remoteFailure(message);
        }
    }

    @Override
    public void abort(String message) {
        String text = "process " + processId + ": " + (message == null ? "failed" : message);
        finishAll(Frames.frame(Frames.ERROR, o -> o.writeUTF(text.length() > 8000 ? text.substring(0, 8000) : text)));
    }

    /** Says goodbye (unless this process already aborted), then waits a bounded time for the peers to close. */
    @Override
    public void close() {
        finishAll(Frames.frame(Frames.BYE, o -> { }));
        for (Peer p : peers) {
            if (p != null) {
                p.awaitClosed(5000);
            }
        }
    }

    /** Sends {@code lastFrame} after what is queued to every peer, then nothing more. Does not block. */
    private synchronized void finishAll(byte[] lastFrame) {
        if (finished) {
            return;
        }
        finished = true;
        for (Peer p : peers) {
            if (p != null) {
                p.closing = true;
                p.finishOutput(lastFrame);
            }
        }
    }
}
