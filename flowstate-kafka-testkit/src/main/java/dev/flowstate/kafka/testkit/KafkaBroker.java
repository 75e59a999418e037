package dev.flowstate.kafka.testkit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A local single-node Apache Kafka cluster for tests, examples and benchmarks: one child JVM running a combined
 * KRaft broker + controller ({@code kafka_2.13} from Maven Central) on two free loopback ports, with its data in a
 * directory of the caller's choosing. Replication factors are 1 (also for the transaction and offsets topics), so
 * transactions work; topics are not created automatically.
 *
 * <p>The child uses this JVM's class path unless one is given ({@code kafka_2.13} and its dependencies must be on
 * it), and writes its output to {@code broker.out} / {@code broker.err} in the data directory. {@link #kill()}
 * ends it with SIGKILL (a broker "going away"); {@link #start()} after that restarts it on the same ports and data.
 * Not thread-safe.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start(dir)) {
 *     broker.createTopic("in", 3);
 *     String servers = broker.bootstrapServers();   // 127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final String clusterId = Uuid.randomUuid().toString();
    private Process process;

    private KafkaBroker(Path dir, String classpath) throws IOException {
        this.dir = dir.toAbsolutePath();
        this.classpath = classpath;
        this.port = freePort();
        this.controllerPort = freePort();
        Files.createDirectories(this.dir);
        writeProperties();
    }

    /** Starts a broker with its data in {@code dir} using this JVM's class path; returns once it serves requests. */
    public static KafkaBroker start(Path dir) throws IOException {
        return start(dir, System.getProperty("java.class.path"));
    }

    /** As {@link #start(Path)} with an explicit class path for the child JVM. */
    public static KafkaBroker start(Path dir, String classpath) throws IOException {
        KafkaBroker broker = new KafkaBroker(dir, classpath);
        try {
            broker.start();
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Whether the broker process is alive. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** (Re)starts the broker process and waits until it answers; a no-op if it runs. */
    public void start() throws IOException {
        if (isRunning()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath,
                KafkaBrokerMain.class.getName(), dir.resolve("server.properties").toString(), clusterId));
        process = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.out").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.err").toFile()))
                .start();
        awaitReady();
    }

    /** Kills the broker with SIGKILL and waits until the process is gone. */
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

    /** Creates a topic with {@code partitions} partitions (replication factor 1) and waits for it. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("creating topic " + name + " failed: " + e, e);
        }
    }

    /** A new admin client for this broker (the caller closes it). */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** Stops the broker (SIGKILL: its data is not needed after a test) and leaves the data directory. */
    @Override
    public void close() {
        kill();
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("the Kafka broker exited with status " + process.exitValue()
                            + " while starting; see " + dir.resolve("broker.err") + ":\n" + tail(dir.resolve("broker.err")));
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the Kafka broker", e);
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                }
            }
        }
        kill();
        throw new IOException("the Kafka broker did not answer within " + START_TIMEOUT + " (last error: " + last
                + "); see " + dir.resolve("broker.err"));
    }

    private void writeProperties() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "4");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "4");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("transaction.max.timeout.ms", "900000");
        // Resolve transactions left open by killed producers within seconds, not minutes.
        p.setProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "2000");
        try (var out = Files.newBufferedWriter(dir.resolve("server.properties"), StandardCharsets.UTF_8)) {
            p.store(out, "written by " + KafkaBroker.class.getName());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
