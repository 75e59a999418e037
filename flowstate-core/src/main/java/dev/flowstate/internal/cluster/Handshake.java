package dev.flowstate.internal.cluster;

import dev.flowstate.ClusterConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The handshake that turns a TCP connection into a member's connection. Authentication comes first and uses only
 * the secret and fresh randomness; nothing derived from the dataflow is sent before the peer proved the secret:
 * <ol>
 * <li>connector → acceptor: HELLO (magic, version, role, claimed id, whether a secret is set, nonce Nc)</li>
 * <li>acceptor → connector: HELLO (magic, version, role, id, secret flag, nonce Na, proof
 *     HMAC(secret, "acceptor" · Nc · Na · connector id · acceptor id))</li>
 * <li>connector checks that proof, then sends PROOF: HMAC(secret, "connector" · Nc · Na · ids)</li>
 * <li>only then both exchange CHECK (dataflow fingerprint, process and worker counts) and OK, or REFUSE with the
 *     reason.</li>
 * </ol>
 * Each proof covers both nonces, so a recorded proof is useless on another connection (no replay); each covers its
 * role, so an acceptor's proof cannot be passed back as a connector's (no reflection). Every frame before
 * authentication is at most {@link ClusterConfig#MAX_HANDSHAKE_FRAME} bytes; the caller bounds the time.
 */
final class Handshake {
    static final byte CONNECTOR = 1;
    static final byte ACCEPTOR = 2;
    static final int NONCE_BYTES = 32;
    private static final int MAC_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Membership me;
    private final byte[] secret;

    Handshake(Membership me) {
        this.me = me;
        this.secret = me.secret();
    }

    /** Who may take a member's place: the acceptor reserves a slot only for an authenticated peer. */
    interface Slots {
        /** Reserves the slot of {@code id}; false if that process is already connected. */
        boolean reserve(int id);

        void release(int id);
    }

    /** A check of the handshake failed; the message says which. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The connector's side, towards process {@code expected}. */
    int connect(Socket s, int expected) throws IOException, Refused {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        byte[] nonce = nonce();
        send(out, hello(CONNECTOR, nonce, null));
        Hello peer = readHello(in, out, ACCEPTOR);
        if (peer.id != expected) {
            throw refuse(out, "process id differs: expected process " + expected + " at this address, found process "
                    + peer.id);
        }
        if (secret != null) {
            if (!MessageDigest.isEqual(peer.proof, proof(ACCEPTOR, nonce, peer.nonce, me.processId(), peer.id))) {
                throw refuse(out, "secret check failed: " + me.describe(expected)
                        + " does not know this process's cluster secret");
            }
            send(out, Frames.frame(Frames.PROOF, o -> o.write(proof(CONNECTOR, nonce, peer.nonce, me.processId(),
                    peer.id))));
        }
        agree(in, out);
        return peer.id;
    }

    /** The acceptor's side; the peer's claimed id is only trusted, and its slot taken, once it proved the secret. */
    int accept(Socket s, Slots slots) throws IOException, Refused {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        Hello peer = readHello(in, out, CONNECTOR);
        if (peer.id <= me.processId() || peer.id >= me.processes()) {
            throw refuse(out, "unexpected process id " + peer.id + " (process " + me.processId() + " accepts ids "
                    + (me.processId() + 1) + " to " + (me.processes() - 1) + ")");
        }
        byte[] nonce = nonce();
        byte[] myProof = secret == null ? null : proof(ACCEPTOR, peer.nonce, nonce, peer.id, me.processId());
        send(out, hello(ACCEPTOR, nonce, myProof));
        if (secret != null) {
            DataInputStream p = expect(in, Frames.PROOF);
            byte[] got = new byte[MAC_BYTES];
            p.readFully(got);
            if (!MessageDigest.isEqual(got, proof(CONNECTOR, peer.nonce, nonce, peer.id, me.processId()))) {
                throw refuse(out, "secret check failed: the peer claiming to be process " + peer.id
                        + " does not know this process's cluster secret");
            }
        }
        if (!slots.reserve(peer.id)) {
            throw refuse(out, "process " + peer.id + " is already connected (two processes were given id "
                    + peer.id + "?)");
        }
        try {
            agree(in, out);
        } catch (IOException | Refused | RuntimeException e) {
            slots.release(peer.id);
            throw e;
        }
        return peer.id;
    }

    private record Hello(int id, byte[] nonce, byte[] proof) {
    }

    private byte[] hello(byte role, byte[] nonce, byte[] proof) {
        return Frames.frame(Frames.HELLO, o -> {
            o.writeInt(Frames.MAGIC);
            o.writeInt(Frames.VERSION);
            o.writeByte(role);
            o.writeInt(me.processId());
            o.writeBoolean(secret != null);
            o.write(nonce);
            if (proof != null) {
                o.write(proof);
            }
        });
    }

    private Hello readHello(DataInputStream in, OutputStream out, byte expectedRole) throws IOException, Refused {
        DataInputStream h = expect(in, Frames.HELLO);
        if (h.readInt() != Frames.MAGIC) {
            throw new IOException("not a Flowstate cluster peer (bad magic number)");
        }
        int version = h.readInt();
        if (version != Frames.VERSION) {
            throw refuse(out, "protocol version differs: this process speaks " + Frames.VERSION + ", the peer "
                    + version);
        }
        byte role = h.readByte();
        if (role != expectedRole) {
            throw refuse(out, "the peer's role is " + role + ", expected " + expectedRole
                    + " (a connection to itself, or a reflected HELLO?)");
        }
        int id = h.readInt();
        boolean peerHasSecret = h.readBoolean();
        byte[] nonce = new byte[NONCE_BYTES];
        h.readFully(nonce);
        if (peerHasSecret != (secret != null)) {
            throw refuse(out, ClusterConfig.SECRET_ENV + " is set on " + (secret != null ? "this process" : "the peer")
                    + " but not on " + (secret != null ? "the peer" : "this process")
                    + " (every process needs the same secret)");
        }
        byte[] proof = null;
        if (secret != null && expectedRole == ACCEPTOR) {
            proof = new byte[MAC_BYTES];
            h.readFully(proof);
        }
        return new Hello(id, nonce, proof);
    }

    /** After authentication: both sides state what they run and refuse a peer that runs something else. */
    private void agree(DataInputStream in, OutputStream out) throws IOException, Refused {
        send(out, Frames.frame(Frames.CHECK, o -> {
            o.writeUTF(me.fingerprint());
            o.writeInt(me.processes());
            o.writeInt(me.workersPerProcess());
        }));
        DataInputStream c = expect(in, Frames.CHECK);
        String peerFingerprint = c.readUTF();
        int peerProcesses = c.readInt();
        int peerWorkers = c.readInt();
        String problem = !peerFingerprint.equals(me.fingerprint())
                ? "dataflow fingerprint differs: this process runs " + me.fingerprint() + ", the peer runs "
                + peerFingerprint + " (all processes must run the same dataflow)"
                : peerProcesses != me.processes()
                ? "process count differs: this process has " + me.processes() + ", the peer " + peerProcesses
                : peerWorkers != me.workersPerProcess()
                ? "workers per process differ: this process has " + me.workersPerProcess() + ", the peer " + peerWorkers
                : null;
        if (problem != null) {
            throw refuse(out, problem);
        }
        send(out, Frames.frame(Frames.OK, o -> { }));
        expect(in, Frames.OK);
    }

    /** HMAC-SHA256(secret, label · role · connector nonce · acceptor nonce · connector id · acceptor id). */
    private byte[] proof(byte role, byte[] connectorNonce, byte[] acceptorNonce, int connectorId, int acceptorId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update("flowstate-cluster-v2".getBytes(StandardCharsets.UTF_8));
            mac.update(role);
            mac.update(connectorNonce);
            mac.update(acceptorNonce);
            mac.update(intBytes(connectorId));
            return mac.doFinal(intBytes(acceptorId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] nonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }

    private static void send(OutputStream out, byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    private static Refused refuse(OutputStream out, String reason) {
        String text = reason.length() > 300 ? reason.substring(0, 300) : reason;
        try {
            send(out, Frames.frame(Frames.REFUSE, o -> o.writeUTF("refused by peer: " + text)));
        } catch (IOException ignored) {
            // the peer may be gone already
        }
        return new Refused(reason);
    }

    private static DataInputStream expect(DataInputStream in, byte type) throws IOException, Refused {
        byte[] f = Frames.read(in, ClusterConfig.MAX_HANDSHAKE_FRAME, "a connecting peer",
                "the handshake limit; not a Flowstate cluster peer?");
        DataInputStream body = new DataInputStream(new ByteArrayInputStream(f, 1, f.length - 1));
        if (f[0] == Frames.REFUSE) {
            throw new Refused(body.readUTF());
        }
        if (f[0] != type) {
            throw new IOException("unexpected frame type " + f[0] + " during the handshake (expected " + type + ")");
        }
        return body;
    }
}
