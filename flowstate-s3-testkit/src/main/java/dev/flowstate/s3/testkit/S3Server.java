package dev.flowstate.s3.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A local S3-compatible server for tests and benchmarks: one child JVM running s3proxy (Maven Central) with its
 * {@code filesystem-nio2} store, on a free loopback port, objects kept as files under a directory of the caller's
 * choosing. That store evaluates {@code If-None-Match: *} atomically as it writes, so create-if-absent races behave
 * as on AWS S3. It starts with no bucket (create
 * one with any S3 client). Requests are signed (AWS signature v2 or v4) with {@link #ACCESS_KEY} / {@link #SECRET_KEY}.
 *
 * <p>The child's class path is the one the build wrote next to this class ({@code s3proxy.classpath}), so s3proxy's
 * dependencies never share a class path with the code under test. Output goes to {@code s3proxy.out} /
 * {@code s3proxy.err} in the directory. {@link #kill()} ends it with SIGKILL; {@link #start()} after that restarts
 * it on the same port and objects. Not thread-safe.
 *
 * <pre>{@code
 * try (S3Server s3 = S3Server.start(dir)) {
 *     URI endpoint = s3.endpoint();   // http://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class S3Server implements AutoCloseable {
    /** The access key the server accepts. */
    public static final String ACCESS_KEY = "flowstate-test";
    /** The secret key the server accepts. */
    public static final String SECRET_KEY = "flowstate-test-secret";
    /** The region clients should sign for (s3proxy accepts any). */
    public static final String REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String MAIN_CLASS = "org.gaul.s3proxy.Main";

    private final Path dir;
    private final Path objects;
    private final int port;
    private Process process;

    private S3Server(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.objects = this.dir.resolve("objects");
        this.port = freePort();
        Files.createDirectories(objects);
        writeProperties();
    }

    /** Starts a server keeping its objects under {@code dir}; returns once it answers HTTP requests. */
    public static S3Server start(Path dir) throws IOException {
        S3Server server = new S3Server(dir);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code http://127.0.0.1:PORT}: the endpoint to give an S3 client (path-style addressing). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Whether the server process is alive. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The directory holding the objects of {@code bucket}, for tests that damage objects on purpose. */
    public Path bucketDirectory(String bucket) {
        return objects.resolve(bucket);
    }

    /** (Re)starts the server process and waits until it answers; a no-op if it runs. */
    public void start() throws IOException {
        if (isRunning()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp", childClasspath(), MAIN_CLASS, "--properties", dir.resolve("s3proxy.properties").toString());
        process = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.err").toFile()))
                .start();
        awaitReady();
    }

    /** Kills the server with SIGKILL and waits until the process is gone. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Stops the server and leaves its directory. */
    @Override
    public void close() {
        kill();
    }

    private static String childClasspath() throws IOException {
        try (InputStream in = S3Server.class.getResourceAsStream("s3proxy.classpath")) {
            if (in == null) {
                throw new IOException("s3proxy.classpath is missing next to " + S3Server.class.getName()
                        + "; build flowstate-s3-testkit with Maven (it writes the file)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("s3proxy exited with status " + process.exitValue() + " while starting; see "
                        + dir.resolve("s3proxy.err") + ":\n" + tail(dir.resolve("s3proxy.err")));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) endpoint().toURL().openConnection();
                c.setConnectTimeout(2_000);
                c.setReadTimeout(5_000);
                c.getResponseCode(); // any HTTP answer (403 unsigned) means it serves requests
                c.disconnect();
                return;
            } catch (IOException e) {
                last = e;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS); // poll interval, ends early if the child dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for s3proxy", e);
            }
        }
        kill();
        throw new IOException("s3proxy did not answer within " + START_TIMEOUT + " (last error: " + last + "); see "
                + dir.resolve("s3proxy.err"));
    }

    private void writeProperties() throws IOException {
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", endpoint().toString());
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", ACCESS_KEY);
        p.setProperty("s3proxy.credential", SECRET_KEY);
        p.setProperty("jclouds.provider", "filesystem-nio2");
        p.setProperty("jclouds.filesystem.basedir", objects.toString());
        p.setProperty("jclouds.identity", "local");
        p.setProperty("jclouds.credential", "local");
        // s3proxy logs every request at DEBUG without a configuration; keep warnings and errors only.
        Files.writeString(dir.resolve("logback.xml"), "<configuration><appender name=\"E\" "
                + "class=\"ch.qos.logback.core.ConsoleAppender\"><target>System.err</target><encoder><pattern>"
                + "%d %level %logger - %msg%n</pattern></encoder></appender><root level=\"WARN\">"
                + "<appender-ref ref=\"E\"/></root></configuration>", StandardCharsets.UTF_8);
        try (var out = Files.newBufferedWriter(dir.resolve("s3proxy.properties"), StandardCharsets.UTF_8)) {
            p.store(out, "written by " + S3Server.class.getName());
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
