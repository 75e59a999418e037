package dev.flowstate.internal.cluster;

import dev.flowstate.ClusterConfig;
import dev.flowstate.DataflowException;
import dev.flowstate.internal.runtime.Channel;
import dev.flowstate.internal.runtime.ClusterLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TCP transport of one process of a cluster: one authenticated connection per pair of processes (see
 * {@link Connections} for connect/accept and {@link Handshake} for authentication), then length-prefixed frames
 * ({@link Frames}) carrying exchange messages, credits, frontiers, errors and goodbyes, decoded by
 * {@link Dispatcher}; what peers report reaches the run through {@link FailureRelay}.
 */
public final class ClusterTransport implements ClusterLink {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTransport.class);
    static final int CHANNEL_CAPACITY = 32;

    private final int processId;
    private final int processes;
    private final int workersPerProcess;
    private final Peer[] peers;
    private final Map<Long, RemoteOutChannel> outChannels = new ConcurrentHashMap<>();
    private final Map<Long, RemoteInChannel> inChannels = new ConcurrentHashMap<>();
    private final FailureRelay relay;
    private final Dispatcher dispatcher;
    private volatile boolean finished;

    private ClusterTransport(Membership me, Peer[] peers) {
        this.processId = me.processId();
        this.processes = me.processes();
        this.workersPerProcess = me.workersPerProcess();
        this.peers = peers;
        this.relay = new FailureRelay(processId);
        this.dispatcher = new Dispatcher(this, relay);
    }

    /**
     * Connects to every other process: listens (on its own address's host, or {@code config.listen()}) for the
     * higher ids, connects to the lower ids, retrying until the start-up timeout. Refuses to start without a secret
     * unless the config is explicitly insecure. Throws {@link DataflowException} naming the failed check or the
     * missing peers.
     */
    public static ClusterTransport connect(List<String> addresses, int processId, int workersPerProcess,
                                           String fingerprint, ClusterConfig config) {
        if (config.secret() == null) {
            if (!config.isInsecure()) {
                throw new DataflowException("process " + processId + ": no cluster secret: set "
                        + ClusterConfig.SECRET_ENV + " (or " + ClusterConfig.SECRET_FILE_ENV + ", or --secret-file) to "
                        + "the same random value on every process, or pass --insecure to run unauthenticated", null);
            }
            LOG.warn("process {}: running the cluster WITHOUT authentication (--insecure): anyone who can reach {} "
                    + "can join it, read its data and stop it", processId, addresses.get(processId));
        }
        Membership me = new Membership(addresses, processId, workersPerProcess, fingerprint, config);
        ClusterTransport t = new ClusterTransport(me, Connections.establish(me));
        for (Peer p : t.peers) {
            if (p != null) {
                p.start(t);
            }
        }
        return t;
    }

    /** {@link #connect(List, int, int, String, ClusterConfig)} with a secret (null: explicitly insecure). */
    public static ClusterTransport connect(List<String> addresses, int processId, int workersPerProcess,
                                           String fingerprint, byte[] secret, Duration timeout) {
        ClusterConfig config = ClusterConfig.defaults().withStartupTimeout(timeout);
        config = secret == null || secret.length == 0 ? config.insecure()
                : config.withSecret(new String(secret, java.nio.charset.StandardCharsets.UTF_8));
        return connect(addresses, processId, workersPerProcess, fingerprint, config);
    }

    private long key(int exchange, int src, int dst) {
        long n = (long) processes * workersPerProcess;
        return ((long) exchange * n + src) * n + dst;
    }

    private Peer peerOf(int worker) {
        return peers[worker / workersPerProcess];
    }

    RemoteInChannel inChannel(int exchange, int src, int dst, Peer from) throws Peer.RefusedFrameException {
        long n = (long) processes * workersPerProcess;
        if (exchange < 0 || src < 0 || src >= n || dst < 0 || dst >= n || peerOf(src) != from) {
            throw new Peer.RefusedFrameException("a DATA frame from " + from.describe() + " names a channel it does"
                    + " not own (exchange " + exchange + ", worker " + src + " to " + dst + ")", null);
        }
        return inChannels.computeIfAbsent(key(exchange, src, dst), k -> new RemoteInChannel(exchange, src, dst));
    }

    RemoteOutChannel outChannel(int exchange, int src, int dst) {
        return outChannels.get(key(exchange, src, dst));
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
        toAll(Frames.frame(Frames.START, o -> {
            o.writeLong(execution);
            o.writeLong(resumeEpoch);
        }));
    }

    @Override
    public long[] awaitStart() {
        return relay.awaitStart();
    }

    @Override
    public void bind(Listener l) {
        relay.bind(l);
    }

    @Override
    public void publishFrontier(int worker, long frontier, boolean workerFinished) {
        toAll(Frames.frame(Frames.PROGRESS, o -> {
            o.writeInt(worker);
            o.writeLong(frontier);
            o.writeBoolean(workerFinished);
        }));
    }

    private void toAll(byte[] frame) {
        for (Peer p : peers) {
            if (p != null) {
                p.send(frame);
            }
        }
    }

    void dispatch(Peer peer, byte[] f) throws java.io.IOException {
        dispatcher.dispatch(peer, f);
    }

    void lost(Peer peer, Throwable cause) {
        if (finished && !(cause instanceof Peer.RefusedFrameException)) {
            return;
        }
        boolean ours = cause instanceof Peer.RefusedFrameException || cause instanceof Frames.FrameTooLargeException;
        relay.failed("lost connection to " + peer.describe() + ": " + (ours ? cause.getMessage() : cause.toString()));
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
