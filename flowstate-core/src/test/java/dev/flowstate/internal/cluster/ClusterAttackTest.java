package dev.flowstate.internal.cluster;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import dev.flowstate.ClusterConfig;
import dev.flowstate.DataflowException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each attack an outsider on the network could make, against a real member on loopback. In each, the real members
 * still form the cluster well within the (deliberately long) handshake timeout, and the run's counts are exact.
 */
@Timeout(180)
class ClusterAttackTest {
    /** A blocked or delayed start-up would take at least the 30 s handshake timeout. */
    private static final long NORMAL_STARTUP_MS = 20_000;

    private interface Attack {
        void run(Members m) throws Exception;
    }

    /** Starts member 0, runs the attack against it, then starts member 1 and checks the run. */
    private static void attackThenRun(Attack attack) throws Exception {
        Members m = new Members(2, Members.secured());
        m.start(0);
        m.awaitListening(0);
        attack.run(m);
        long t0 = System.nanoTime();
        m.start(1);
        m.assertExactRun();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.println("run after the attack took " + ms + " ms");
        assertThat(ms).as("start-up is not delayed by the attack").isLessThan(NORMAL_STARTUP_MS);
    }

    @Test
    void randomBytes_areDropped() throws Exception {
        long seed = System.nanoTime();
        System.out.println("randomBytes seed " + seed);
        List<Stranger> strangers = new ArrayList<>();
        attackThenRun(m -> {
            Random random = new Random(seed);
            for (int i = 0; i < 5; i++) {
                byte[] junk = new byte[4096];
                random.nextBytes(junk);
                Stranger s = new Stranger(m.connect(0));
                strangers.add(s);
                try {
                    s.write(junk);
                } catch (IOException e) {
                    // the member may already have closed it
                }
            }
            for (Stranger s : strangers) {
                assertThat(s.closedByMember()).as("the member closes a connection sending garbage").isTrue();
            }
        });
        for (Stranger s : strangers) {
            s.close();
        }
    }

    @Test
    void anOversizeLength_isRefusedBeforeAllocating() throws Exception {
        attackThenRun(m -> {
            try (Stranger s = new Stranger(m.connect(0))) {
                s.write(new byte[] {0x0F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, Frames.HELLO});
                assertThat(s.closedByMember()).isTrue();
            }
        });
    }

    @Test
    void manySilentConnections_neitherBlockNorDelayStartUp() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try {
            attackThenRun(m -> {
                for (int i = 0; i < 40; i++) { // more than the pending-handshake cap (16)
                    silent.add(m.connect(0));
                }
            });
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
    }

    @Test
    void aReplayedHandshake_isRefused() throws Exception {
        attackThenRun(m -> {
            byte[] recorded = recordGenuineConnectorBytes(m);
            try (Stranger s = new Stranger(m.connect(0))) {
                s.write(recorded); // HELLO, PROOF, CHECK and OK of a real session, verbatim
                assertThat(s.readRefusal()).contains("secret check failed");
            }
        });
    }

    @Test
    void aReflectedProof_isRefused() throws Exception {
        attackThenRun(m -> {
            byte[] n1 = new byte[32];
            new SecureRandom().nextBytes(n1);
            try (Stranger a = new Stranger(m.connect(0)); Stranger b = new Stranger(m.connect(0))) {
                a.write(Stranger.hello(1, true, n1));
                byte[][] fromA = a.readAcceptorHello();
                // The acceptor's own proof, sent back as the connector's proof.
                b.write(Stranger.hello(1, true, fromA[0]));
                byte[][] fromB = b.readAcceptorHello();
                a.write(Stranger.proof(fromB[1])); // a proof made over A's nonce, by the member, as acceptor
                assertThat(a.readRefusal()).contains("secret check failed");
                b.write(Stranger.proof(fromA[1]));
                assertThat(b.readRefusal()).contains("secret check failed");
            }
        });
    }

    @Test
    void aDataFrameFromAStranger_isNeverRead() throws Exception {
        attackThenRun(m -> {
            try (Stranger s = new Stranger(m.connect(0))) {
                s.write(dataFrame(forgedPayload()));
                assertThat(s.closedByMember()).isTrue();
            }
        });
    }

    @Test
    void aStrangerWithoutASecret_isRefusedWithAClearReason() throws Exception {
        attackThenRun(m -> {
            try (Stranger s = new Stranger(m.connect(0))) {
                s.write(Stranger.hello(1, false, new byte[32]));
                assertThat(s.readRefusal()).contains("FLOWSTATE_CLUSTER_SECRET is set on this process but not on the peer");
            }
        });
    }

    @Test
    void aStrangerWithTheWrongSecret_isRefused() throws Exception {
        attackThenRun(m -> {
            Handshake wrong = new Handshake(m.membership(1, Members.secured().withSecret("wrong")));
            try (Socket s = m.connect(0)) {
                assertThatThrownBy(() -> wrong.connect(s, 0)).isInstanceOf(Handshake.Refused.class)
                        .hasMessageContaining("secret check failed");
            }
        });
    }

    @Test
    void aMemberWithoutSecret_refusesToStart_unlessInsecure() throws Exception {
        Members m = new Members(2, ClusterConfig.defaults().withStartupTimeout(Duration.ofSeconds(5)));
        assertThat(m.start(0).get(30, TimeUnit.SECONDS)).isInstanceOf(DataflowException.class)
                .hasMessageContaining("no cluster secret").hasMessageContaining("FLOWSTATE_CLUSTER_SECRET")
                .hasMessageContaining("--insecure");
        Members insecure = new Members(2, ClusterConfig.defaults().insecure());
        insecure.start(0);
        insecure.start(1);
        insecure.assertExactRun();
    }

    @Test
    void aDuplicateId_isRefusedNamingIt() throws Exception {
        Members m = new Members(3, Members.secured().withStartupTimeout(Duration.ofSeconds(8)));
        CompletableFuture<Throwable> zero = m.start(0);
        m.awaitListening(0);
        try (Socket first = m.connect(0)) {
            new Handshake(m.membership(1, m.config)).connect(first, 0); // takes id 1
            Throwable second = m.start(1).get(60, TimeUnit.SECONDS);
            assertThat(second).isInstanceOf(DataflowException.class).hasMessageContaining("cannot join process 0")
                    .hasMessageContaining("process 1 is already connected");
        }
        assertThat(zero.get(60, TimeUnit.SECONDS)).isInstanceOf(DataflowException.class);
    }

    @Test
    void anAuthenticatedPeerSendingAClassNotAllowed_isNamedAndDropped() throws Exception {
        Members m = new Members(2, Members.secured());
        CompletableFuture<Throwable> zero = m.start(0);
        m.awaitListening(0);
        try (Socket s = m.connect(0)) {
            new Handshake(m.membership(1, m.config)).connect(s, 0);
            s.getOutputStream().write(dataFrame(forgedPayload()));
            s.getOutputStream().flush();
            Throwable failure = zero.get(60, TimeUnit.SECONDS);
            assertThat(failure).isInstanceOf(DataflowException.class)
                    .hasMessageContaining("process 1 (" + m.addresses.get(1) + ")")
                    .hasMessageContaining("org.assertj.core.data.Offset is not allowed");
        }
    }

    @Test
    void anOversizeFrameFromAnAuthenticatedPeer_failsTheRunNamingThePeer() throws Exception {
        Members m = new Members(2, Members.secured().withMaxFrameBytes(64 * 1024));
        CompletableFuture<Throwable> zero = m.start(0);
        m.awaitListening(0);
        try (Socket s = m.connect(0)) {
            new Handshake(m.membership(1, m.config)).connect(s, 0);
            s.getOutputStream().write(new byte[] {0x00, 0x10, 0x00, 0x00, Frames.DATA});
            s.getOutputStream().flush();
            assertThat(zero.get(60, TimeUnit.SECONDS)).isInstanceOf(DataflowException.class)
                    .hasMessageContaining("a frame of 1048576 bytes from process 1 (" + m.addresses.get(1) + ")")
                    .hasMessageContaining("exceeds the maximum of 65536 bytes");
        }
    }

    @Test
    void aBatchLargerThanTheMaximum_isNotSent_andTheRunFailsNamingThePeer() throws Exception {
        Members m = new Members(2, Members.secured().withMaxFrameBytes(1024));
        CompletableFuture<Throwable> zero = m.start(0);
        CompletableFuture<Throwable> one = m.start(1);
        Throwable a = zero.get(90, TimeUnit.SECONDS);
        Throwable b = one.get(90, TimeUnit.SECONDS);
        assertThat(a).as("process 0").isInstanceOf(DataflowException.class);
        assertThat(b).as("process 1").isInstanceOf(DataflowException.class);
        String both = a.getMessage() + "\n" + b.getMessage();
        System.out.println(both);
        assertThat(both).containsPattern("a frame of \\d+ bytes for process [01] \\(127\\.0\\.0\\.1:\\d+\\) exceeds the "
                + "maximum of 1024 bytes \\(--max-frame-bytes\\)");
    }

    @Test
    void aMemberListensOnlyOnItsOwnHost_orWhereToldWithListen() throws Exception {
        Members m = new Members(2, Members.secured());
        int port = Membership.port(m.addresses.get(0));
        m.start(0);
        m.awaitListening(0);
        assertThatThrownBy(() -> new Socket("127.0.0.2", port).close()).isInstanceOf(ConnectException.class);
        m.start(1);
        m.assertExactRun();

        Members all = new Members(2, Members.secured());
        int allPort = Membership.port(all.addresses.get(0));
        all.start(0, all.config.withListen("0.0.0.0:" + allPort));
        all.awaitListening(0);
        new Socket("127.0.0.2", allPort).close();
        all.start(1);
        all.assertExactRun();
    }

    /** A batch naming a class from a library jar (not a dataflow's code source), written by a plain Kryo. */
    private static byte[] forgedPayload() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true); // as the default serde writes
        Output out = new Output(256, -1);
        kryo.writeClassAndObject(out, new Object[] {org.assertj.core.data.Offset.offset(1.0)});
        return out.toBytes();
    }

    private static byte[] dataFrame(byte[] payload) {
        return Frames.frame(Frames.DATA, o -> {
            o.writeInt(0);
            o.writeInt(1);
            o.writeInt(0);
            o.writeLong(1);
            o.writeByte(Frames.BATCH);
            o.writeInt(payload.length);
            o.write(payload);
        });
    }

    /** Runs a genuine handshake (process 1 with the secret towards a stand-in process 0) and records what 1 sent. */
    private static byte[] recordGenuineConnectorBytes(Members m) throws Exception {
        ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        try (ServerSocket acceptor = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
             ServerSocket proxy = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> accepted = CompletableFuture.supplyAsync(() -> {
                try (Socket s = acceptor.accept()) {
                    return new Handshake(m.membership(0, m.config)).accept(s, new Handshake.Slots() {
                        public boolean reserve(int id) {
                            return true;
                        }

                        public void release(int id) {
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            CompletableFuture<Void> relay = CompletableFuture.runAsync(() -> {
                try (Socket client = proxy.accept();
                     Socket server = new Socket()) {
                    server.connect(new InetSocketAddress(acceptor.getInetAddress(), acceptor.getLocalPort()));
                    Thread back = new Thread(() -> pipe(server, client, null));
                    back.start();
                    pipe(client, server, recorded);
                    back.join();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket s = new Socket(proxy.getInetAddress(), proxy.getLocalPort())) {
                assertThat(new Handshake(m.membership(1, m.config)).connect(s, 0)).isEqualTo(0);
            }
            assertThat(accepted.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            relay.get(30, TimeUnit.SECONDS);
        }
        return recorded.toByteArray();
    }

    private static void pipe(Socket from, Socket to, ByteArrayOutputStream copy) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                if (copy != null) {
                    synchronized (copy) {
                        copy.write(buf, 0, n);
                    }
                }
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }
}
