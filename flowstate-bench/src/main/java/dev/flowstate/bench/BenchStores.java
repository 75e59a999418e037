package dev.flowstate.bench;

import dev.flowstate.kafka.testkit.KafkaBroker;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.s3.testkit.S3Server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The recovery stores {@code --store} names, each made fresh and initialized for one run: {@code sqlite} (a temp
 * directory), {@code kafka} (a new topic prefix on a local single-node KRaft broker, started once) or {@code s3}
 * (a new prefix in a bucket of a local s3proxy server, started once). The broker and the server are child JVMs on
 * loopback: they share this machine's cores with the measured run, which a real deployment would not.
 */
final class BenchStores implements AutoCloseable {
    static final List<String> KINDS = List.of("sqlite", "kafka", "s3");
    private static final String BUCKET = "flowstate-bench";

    private final AtomicInteger counter = new AtomicInteger();
    private final List<Path> dirs = new ArrayList<>();
    private KafkaBroker broker;
    private S3Server s3;

    /** Engine-name suffix of a store kind: "" for sqlite (the historical engine name), "-kafka", "-s3". */
    static String suffix(String kind) {
        return kind.equals("sqlite") ? "" : "-" + kind;
    }

    /** A new initialized store of {@code kind} with {@code partitions} partitions; its name for RecoveryConfig. */
    synchronized String fresh(String kind, int partitions) throws IOException {
        String store = switch (kind) {
            case "sqlite" -> {
                Path dir = Files.createTempDirectory("flowstate-bench-recovery-");
                dirs.add(dir);
                yield dir.toString();
            }
            case "kafka" -> "kafka://" + broker().bootstrapServers() + "/bench-" + ProcessHandle.current().pid()
                    + "-" + counter.incrementAndGet();
            case "s3" -> "s3://" + BUCKET + "/bench-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet()
                    + "?endpoint=" + s3().endpoint() + "&access-key=" + S3Server.ACCESS_KEY + "&secret-key="
                    + S3Server.SECRET_KEY;
            default -> throw new IllegalArgumentException("unknown store '" + kind + "'; use " + KINDS);
        };
        Recovery.init(store, Map.of(), partitions);
        return store;
    }

    /** Deletes a sqlite store's directory (remote stores stay until the broker or server goes). */
    synchronized void discard(String store) throws IOException {
        Path dir = Path.of(store);
        if (!store.contains("://") && dirs.remove(dir)) {
            deleteRecursively(dir);
        }
    }

    private KafkaBroker broker() throws IOException {
        if (broker == null) {
            Path dir = Files.createTempDirectory("flowstate-bench-broker-");
            dirs.add(dir);
            broker = KafkaBroker.start(dir);
        }
        return broker;
    }

    private S3Server s3() throws IOException {
        if (s3 == null) {
            Path dir = Files.createTempDirectory("flowstate-bench-s3-");
            dirs.add(dir);
            s3 = S3Server.start(dir);
            createBucket();
        }
        return s3;
    }

    /** Creates the bench bucket (any S3 client would do; the SDK is on the class path with the S3 backend). */
    private void createBucket() {
        try (var client = software.amazon.awssdk.services.s3.S3Client.builder().endpointOverride(s3.endpoint())
                .region(software.amazon.awssdk.regions.Region.of(S3Server.REGION)).forcePathStyle(true)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(S3Server.ACCESS_KEY,
                                S3Server.SECRET_KEY))).build()) {
            client.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @Override
    public synchronized void close() {
        if (broker != null) {
            broker.close();
        }
        if (s3 != null) {
            s3.close();
        }
        for (Path dir : List.copyOf(dirs)) {
            try {
                deleteRecursively(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
