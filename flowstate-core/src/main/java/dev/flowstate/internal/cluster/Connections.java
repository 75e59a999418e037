package dev.flowstate.internal.cluster;

import dev.flowstate.DataflowException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connect and accept: builds one authenticated connection to every other process (the higher id connects to the
 * lower). The accepting side runs each handshake on its own thread under a deadline, keeps at most a fixed number
 * of handshakes pending (dropping the oldest when more arrive), and gives a process's slot only to a peer that
 * completed the handshake, so silent or hostile connections neither block nor delay the real members.
 */
final class Connections {
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flowstate-cluster-handshake-deadline");
        t.setDaemon(true);
        return t;
    });

    private final Membership me;
    private final Handshake handshake;
    private final SocketMaker sockets;
    private final Peer[] peers;
    private final boolean[] reserved;
    private final ArrayDeque<Socket> pending = new ArrayDeque<>();
    private volatile String lastRefusal;
    private volatile boolean accepting = true;

    private Connections(Membership me) {
        this.me = me;
        this.handshake = new Handshake(me);
        this.sockets = new SocketMaker(me.config());
        this.peers = new Peer[me.processes()];
        this.reserved = new boolean[me.processes()];
    }

    /** Connects to every other process within the start-up timeout; throws {@link DataflowException} naming why not. */
    static Peer[] establish(Membership me) {
        return new Connections(me).establish();
    }

    private Peer[] establish() {
        long timeoutNanos = me.config().startupTimeout().toNanos();
        long deadline = System.nanoTime() + timeoutNanos;
        ServerSocket server = null;
        Thread acceptor = null;
        try {
            if (me.processId() < me.processes() - 1) {
                server = sockets.listen(listenAddress());
                ServerSocket s = server;
                acceptor = new Thread(() -> acceptLoop(s, deadline), "flowstate-cluster-acceptor");
                acceptor.setDaemon(true);
                acceptor.start();
            }
            for (int j = 0; j < me.processId(); j++) {
                connectTo(j, deadline);
            }
            if (acceptor != null) {
                acceptor.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1000));
                List<String> missing = new ArrayList<>();
                synchronized (this) {
                    for (int j = me.processId() + 1; j < me.processes(); j++) {
                        if (peers[j] == null) {
                            missing.add(me.describe(j));
                        }
                    }
                }
                if (!missing.isEmpty()) {
                    throw new DataflowException("process " + me.processId() + ": timed out after "
                            + me.config().startupTimeout().toSeconds() + " s waiting for " + String.join(", ", missing)
                            + " to connect" + (lastRefusal == null ? "" : "; last refused connection: " + lastRefusal),
                            null);
                }
            }
        } catch (IOException e) {
            closePeers();
            throw new DataflowException("process " + me.processId() + ": cannot listen on " + listenAddress() + ": "
                    + e.getMessage() + " (is the port in use, or the host not this machine's? see --listen)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closePeers();
            throw new DataflowException("interrupted while connecting to the cluster", e);
        } catch (RuntimeException e) {
            closePeers();
            throw e;
        } finally {
            accepting = false;
            closeQuietly(server);
            synchronized (this) {
                pending.forEach(Connections::closeQuietly); // unauthenticated leftovers
                pending.clear();
            }
        }
        LOG.info("process {} of {}: connected to all peers{}", me.processId(), me.processes(),
                sockets.isTls() ? " over TLS" : "");
        return peers;
    }

    /** Its own address's host (never every interface unless told with --listen), on its own port. */
    private InetSocketAddress listenAddress() {
        String at = me.config().listen() != null ? me.config().listen() : me.address(me.processId());
        return new InetSocketAddress(Membership.host(at), Membership.port(at));
    }

    private void acceptLoop(ServerSocket server, long deadline) {
        long nextLog = System.nanoTime() + LOG_EVERY_NANOS;
        try {
            server.setSoTimeout(200);
            while (accepting && !allAccepted() && System.nanoTime() - deadline < 0) {
                if (System.nanoTime() - nextLog >= 0) {
                    nextLog = System.nanoTime() + LOG_EVERY_NANOS;
                    LOG.info("process {}: waiting for higher-numbered processes to connect to {}", me.processId(),
                            server.getLocalSocketAddress());
                }
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                admit(s);
            }
        } catch (IOException e) {
            if (accepting) {
                lastRefusal = "accepting connections failed: " + e;
                LOG.warn("process {}: accepting connections failed: {}", me.processId(), e.toString());
            }
        }
    }

    /** Starts the handshake of one accepted connection, dropping the oldest pending one when at the cap. */
    private void admit(Socket s) {
        synchronized (this) {
            if (pending.size() >= me.config().maxPendingHandshakes()) {
                Socket oldest = pending.poll();
                LOG.debug("process {}: too many pending handshakes; dropping {}", me.processId(),
                        oldest.getRemoteSocketAddress());
                closeQuietly(oldest);
            }
            pending.add(s);
        }
        Thread t = new Thread(() -> acceptOne(s), "flowstate-cluster-handshake");
        t.setDaemon(true);
        t.start();
    }

    private void acceptOne(Socket s) {
        ScheduledFuture<?> timer = closeAtDeadline(s);
        String from = String.valueOf(s.getRemoteSocketAddress());
        try {
            SocketMaker.startTls(s);
            int id = handshake.accept(s, slots());
            timer.cancel(false);
            synchronized (this) {
                pending.remove(s);
                peers[id] = new Peer(id, me.address(id), s, me.config().maxFrameBytes());
            }
            LOG.info("process {}: process {} connected from {}", me.processId(), id, from);
        } catch (Handshake.Refused r) {
            refused(s, r.getMessage() + " (from " + from + ")");
            LOG.warn("process {}: refused connection from {}: {}", me.processId(), from, r.getMessage());
        } catch (IOException | RuntimeException e) {
            refused(s, "handshake failed: " + e.getMessage() + " (from " + from + ")");
            LOG.debug("process {}: handshake with {} failed: {}", me.processId(), from, e.toString());
        } finally {
            timer.cancel(false);
        }
    }

    private void refused(Socket s, String why) {
        synchronized (this) {
            pending.remove(s);
        }
        lastRefusal = why;
        closeQuietly(s);
    }

    private Handshake.Slots slots() {
        return new Handshake.Slots() {
            @Override
            public boolean reserve(int id) {
                synchronized (Connections.this) {
                    if (reserved[id]) {
                        return false;
                    }
                    reserved[id] = true;
                    return true;
                }
            }

            @Override
            public void release(int id) {
                synchronized (Connections.this) {
                    reserved[id] = false;
                }
            }
        };
    }

    private synchronized boolean allAccepted() {
        for (int j = me.processId() + 1; j < me.processes(); j++) {
            if (peers[j] == null) {
                return false;
            }
        }
        return true;
    }

    private void connectTo(int j, long deadline) throws InterruptedException {
        String address = me.address(j);
        long nextLog = System.nanoTime() + LOG_EVERY_NANOS;
        String lastError = null;
        int attempts = 0;
        while (System.nanoTime() - deadline < 0) {
            attempts++;
            Socket s = null;
            ScheduledFuture<?> timer = null;
            try {
                s = sockets.connect(Membership.host(address), Membership.port(address), 1000);
                timer = closeAtDeadline(s);
                SocketMaker.startTls(s);
                handshake.connect(s, j);
                timer.cancel(false);
                synchronized (this) {
                    peers[j] = new Peer(j, address, s, me.config().maxFrameBytes());
                }
                LOG.info("process {}: connected to process {} at {}", me.processId(), j, address);
                return;
            } catch (Handshake.Refused r) {
                closeQuietly(s);
                throw new DataflowException("process " + me.processId() + ": cannot join process " + j + " ("
                        + address + "): " + r.getMessage(), null);
            } catch (IOException e) {
                closeQuietly(s);
                lastError = e.toString();
            } finally {
                if (timer != null) {
                    timer.cancel(false);
                }
            }
            if (System.nanoTime() - nextLog >= 0) {
                nextLog = System.nanoTime() + LOG_EVERY_NANOS;
                LOG.info("process {}: waiting for process {} at {} (attempt {}: {})", me.processId(), j, address,
                        attempts, lastError);
            }
            Thread.sleep(200);
        }
        throw new DataflowException("process " + me.processId() + ": timed out after "
                + me.config().startupTimeout().toSeconds() + " s connecting to process " + j + " at " + address + " ("
                + attempts + " attempts; last error: " + lastError + ")", null);
    }

    /** Closes {@code s} when the handshake deadline passes, however slowly the peer dribbles its bytes. */
    private ScheduledFuture<?> closeAtDeadline(Socket s) {
        return DEADLINES.schedule(() -> closeQuietly(s), me.config().handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private synchronized void closePeers() {
        for (Peer p : peers) {
            if (p != null) {
                closeQuietly(p.socket);
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
