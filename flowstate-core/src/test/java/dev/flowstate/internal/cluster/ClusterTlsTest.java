package dev.flowstate.internal.cluster;

import dev.flowstate.ClusterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mutual TLS between members, with certificates made by the JDK's keytool for the test. */
@Timeout(180)
class ClusterTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @Test
    void membersRunOverMutualTls_andAClientWithoutATrustedCertificateIsRefused(@TempDir Path dir) throws Exception {
        Path member = keyPair(dir, "member");
        Path stranger = keyPair(dir, "stranger");
        Path trust = dir.resolve("trust.p12");
        keytool("-importcert", "-noprompt", "-alias", "member", "-file", exportCert(dir, member, "member").toString(),
                "-keystore", trust.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
        ClusterConfig tls = Members.secured().withTls(new ClusterConfig.TlsConfig(member, PASSWORD, trust, PASSWORD));
        Members m = new Members(2, tls);
        m.start(0);
        m.awaitListening(0);

        // A TLS client whose certificate the members do not trust (it trusts the member, so only its own cert fails).
        SSLContext untrusted = context(stranger, trust);
        SSLSocket s = (SSLSocket) untrusted.getSocketFactory().createSocket("127.0.0.1",
                Membership.port(m.addresses.get(0)));
        s.setSoTimeout(20_000);
        assertThatThrownBy(() -> {
            s.startHandshake();
            s.getOutputStream().write(Stranger.hello(1, true, new byte[32]));
            s.getOutputStream().flush();
            if (s.getInputStream().read() < 0) {
                throw new IOException("closed by the member");
            }
        }).isInstanceOf(IOException.class);
        s.close();
        // A plain-TCP stranger on the TLS port.
        try (Stranger plain = new Stranger(m.connect(0))) {
            plain.write(Stranger.hello(1, true, new byte[32]));
            assertThat(plain.closedByMember()).isTrue();
        }

        long t0 = System.nanoTime();
        m.start(1);
        m.assertExactRun();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(20_000);
    }

    private static SSLContext context(Path keys, Path trust) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(KeyStore.getInstance(keys.toFile(), PASSWORD), PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(KeyStore.getInstance(trust.toFile(), PASSWORD));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static Path keyPair(Path dir, String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store.toString(), "-storepass", "changeit", "-storetype", "PKCS12");
        return store;
    }

    private static Path exportCert(Path dir, Path store, String alias) throws Exception {
        Path cert = dir.resolve(alias + ".crt");
        keytool("-exportcert", "-alias", alias, "-keystore", store.toString(), "-storepass", "changeit",
                "-file", cert.toString());
        return cert;
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.add("-J-Xmx64m");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + output).isZero();
    }
}
