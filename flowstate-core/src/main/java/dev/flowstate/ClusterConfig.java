package dev.flowstate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the processes of a cluster reach and trust each other: the shared secret that authenticates every connection
 * (required unless {@link #insecure()} is chosen explicitly), the address to listen on, optional mutual TLS, and the
 * limits that bound what a connection may cost. Immutable; each {@code with...} method returns a copy.
 *
 * <p>Guarantees: with a secret, a connection becomes a member only after both sides proved knowledge of the secret
 * over fresh nonces; before that, a connection costs at most {@link #handshakeTimeout()} and
 * {@link #MAX_HANDSHAKE_FRAME} bytes, and never takes a member's place. See docs/cluster.md, "Security".
 */
public final class ClusterConfig {
    /** The largest frame accepted before the peer is authenticated. */
    public static final int MAX_HANDSHAKE_FRAME = 512;
    /** Default largest frame after authentication: 64 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 << 20;
    /** Environment variable holding the shared secret. */
    public static final String SECRET_ENV = "FLOWSTATE_CLUSTER_SECRET";
    /** Environment variable naming a file whose content (trimmed) is the shared secret. */
    public static final String SECRET_FILE_ENV = "FLOWSTATE_CLUSTER_SECRET_FILE";

    private final byte[] secret;
    private final boolean insecure;
    private final String listen;
    private final TlsConfig tls;
    private final int maxFrameBytes;
    private final Duration startupTimeout;
    private final Duration handshakeTimeout;
    private final int maxPendingHandshakes;

    private ClusterConfig(byte[] secret, boolean insecure, String listen, TlsConfig tls, int maxFrameBytes,
                          Duration startupTimeout, Duration handshakeTimeout, int maxPendingHandshakes) {
        this.secret = secret;
        this.insecure = insecure;
        this.listen = listen;
        this.tls = tls;
        this.maxFrameBytes = maxFrameBytes;
        this.startupTimeout = startupTimeout;
        this.handshakeTimeout = handshakeTimeout;
        this.maxPendingHandshakes = maxPendingHandshakes;
    }

    /** No secret yet (a cluster refuses to start until one is set or {@link #insecure()} is chosen). */
    public static ClusterConfig defaults() {
        return new ClusterConfig(null, false, null, null, DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(30),
                Duration.ofSeconds(5), 16);
    }

    /**
     * The secret from {@code FLOWSTATE_CLUSTER_SECRET_FILE} (a file's trimmed content) or else
     * {@code FLOWSTATE_CLUSTER_SECRET}; the start-up timeout from the system property
     * {@code flowstate.cluster.startupTimeoutSeconds} (default 30).
     */
    public static ClusterConfig fromEnvironment() {
        ClusterConfig c = defaults().withStartupTimeout(
                Duration.ofSeconds(Long.getLong("flowstate.cluster.startupTimeoutSeconds", 30)));
        String file = System.getenv(SECRET_FILE_ENV);
        if (file != null && !file.isBlank()) {
            return c.withSecretFile(Path.of(file));
        }
        String secret = System.getenv(SECRET_ENV);
        return secret == null || secret.isEmpty() ? c : c.withSecret(secret);
    }

    /** Authenticates every connection with this secret (any length; use at least 16 random bytes). */
    public ClusterConfig withSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the cluster secret is empty; set a non-empty secret");
        }
        return new ClusterConfig(secret.getBytes(StandardCharsets.UTF_8), insecure, listen, tls, maxFrameBytes,
                startupTimeout, handshakeTimeout, maxPendingHandshakes);
    }

    /** Reads the secret from a file (its content, without surrounding whitespace). */
    public ClusterConfig withSecretFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new DataflowException("cannot read the cluster secret file " + file + ": " + e
                    + "; check the path and its permissions", e);
        }
        if (text.isEmpty()) {
            throw new DataflowException("the cluster secret file " + file + " is empty; write the secret into it", null);
        }
        return withSecret(text);
    }

    /** Allows running without a secret: anyone who can reach the ports can join the cluster. Logs a warning. */
    public ClusterConfig insecure() {
        return new ClusterConfig(secret, true, listen, tls, maxFrameBytes, startupTimeout, handshakeTimeout,
                maxPendingHandshakes);
    }

    /** Listens on this HOST:PORT instead of this process's own address (e.g. 0.0.0.0:7100 in a container). */
    public ClusterConfig withListen(String hostPort) {
        return new ClusterConfig(secret, insecure, hostPort, tls, maxFrameBytes, startupTimeout, handshakeTimeout,
                maxPendingHandshakes);
    }

    /** Encrypts and mutually authenticates every connection with TLS; null turns TLS off. */
    public ClusterConfig withTls(TlsConfig tls) {
        return new ClusterConfig(secret, insecure, listen, tls, maxFrameBytes, startupTimeout, handshakeTimeout,
                maxPendingHandshakes);
    }

    /** The largest frame (a batch of items, after serialization) accepted from an authenticated peer. */
    public ClusterConfig withMaxFrameBytes(int maxFrameBytes) {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("the maximum frame size must be at least 1024 bytes, was " + maxFrameBytes);
        }
        return new ClusterConfig(secret, insecure, listen, tls, maxFrameBytes, startupTimeout, handshakeTimeout,
                maxPendingHandshakes);
    }

    /** How long start-up waits for every other process. */
    public ClusterConfig withStartupTimeout(Duration timeout) {
        return new ClusterConfig(secret, insecure, listen, tls, maxFrameBytes, positive(timeout), handshakeTimeout,
                maxPendingHandshakes);
    }

    /** How long one connection may take to authenticate and agree before it is closed. */
    public ClusterConfig withHandshakeTimeout(Duration timeout) {
        return new ClusterConfig(secret, insecure, listen, tls, maxFrameBytes, startupTimeout, positive(timeout),
                maxPendingHandshakes);
    }

    /** How many connections may be handshaking at once; beyond that the oldest is dropped. */
    public ClusterConfig withMaxPendingHandshakes(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the pending handshake cap must be at least 1, was " + n);
        }
        return new ClusterConfig(secret, insecure, listen, tls, maxFrameBytes, startupTimeout, handshakeTimeout, n);
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a timeout must be positive, was " + d);
        }
        return d;
    }

    /** The secret's bytes, or null when none is set. */
    public byte[] secret() {
        return secret == null ? null : secret.clone();
    }

    public boolean isInsecure() {
        return insecure;
    }

    /** The HOST:PORT to listen on, or null for this process's own address. */
    public String listen() {
        return listen;
    }

    /** The TLS settings, or null when TLS is off. */
    public TlsConfig tls() {
        return tls;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public Duration startupTimeout() {
        return startupTimeout;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public int maxPendingHandshakes() {
        return maxPendingHandshakes;
    }

    /**
     * Key and trust stores for mutual TLS (any format {@link java.security.KeyStore#getInstance(java.io.File, char[])}
     * detects: PKCS12 or JKS). Every process presents its key store's certificate and accepts a peer only if the
     * trust store vouches for the peer's certificate; host names are not checked, so use a cluster-private CA.
     */
    public record TlsConfig(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword) {
        public TlsConfig {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(trustStore, "trustStore");
            keyStorePassword = keyStorePassword == null ? new char[0] : keyStorePassword.clone();
            trustStorePassword = trustStorePassword == null ? new char[0] : trustStorePassword.clone();
        }
    }
}
