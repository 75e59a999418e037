package dev.flowstate.internal.cluster;

import dev.flowstate.ClusterConfig;
import dev.flowstate.DataflowException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Makes the sockets of a cluster: plain TCP, or mutual TLS (JDK {@code javax.net.ssl}, TLS 1.3/1.2, client
 * certificates required) when the config asks for it. TLS handshakes happen in {@link #startTls}, under the caller's
 * handshake deadline.
 */
final class SocketMaker {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private final SSLContext tls;

    SocketMaker(ClusterConfig config) {
        this.tls = config.tls() == null ? null : context(config.tls());
    }

    boolean isTls() {
        return tls != null;
    }

    ServerSocket listen(InetSocketAddress at) throws IOException {
        ServerSocket server;
        if (tls == null) {
            server = new ServerSocket();
        } else {
            SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
            s.setNeedClientAuth(true);
            s.setEnabledProtocols(PROTOCOLS);
            server = s;
        }
        server.setReuseAddress(true);
        server.bind(at, 64);
        return server;
    }

    /** Connects (bounded by {@code timeoutMillis}); with TLS, layers a client-mode TLS socket over the connection. */
    Socket connect(String host, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            if (tls == null) {
                return s;
            }
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, host, port, true);
            ssl.setUseClientMode(true);
            ssl.setEnabledProtocols(PROTOCOLS);
            return ssl;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Runs the TLS handshake now (so its failure is a handshake failure), or does nothing on plain TCP. */
    static void startTls(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        if (s instanceof SSLSocket ssl) {
            ssl.startHandshake();
        }
    }

    private static SSLContext context(ClusterConfig.TlsConfig c) {
        try {
            KeyStore keys = KeyStore.getInstance(c.keyStore().toFile(), c.keyStorePassword());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, c.keyStorePassword());
            KeyStore trusted = KeyStore.getInstance(c.trustStore().toFile(), c.trustStorePassword());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new DataflowException("cannot set up cluster TLS from key store " + c.keyStore() + " and trust store "
                    + c.trustStore() + ": " + e.getMessage() + "; check the files and their passwords", e);
        }
    }
}
