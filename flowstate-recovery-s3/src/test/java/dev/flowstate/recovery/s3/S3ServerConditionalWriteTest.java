package dev.flowstate.recovery.s3;

import dev.flowstate.s3.testkit.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test server keeps the promise the object store relies on: create-if-absent is atomic. */
class S3ServerConditionalWriteTest {
    @TempDir
    static Path dir;
    static S3Server server;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(dir);
        s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(S3Server.REGION))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
                .build();
        s3.createBucket(b -> b.bucket("bkt"));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void secondCreateIfAbsentIsRefusedWith412() {
        s3.putObject(b -> b.bucket("bkt").key("k").ifNoneMatch("*"), RequestBody.fromString("one"));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("bkt").key("k").ifNoneMatch("*"), RequestBody.fromString("two")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("bkt").key("k")).asUtf8String()).isEqualTo("one");
    }

    /**
     * Eight writers race to create each key. The SDK retries a PUT whose answer was lost (a reset connection, a 5xx),
     * and a retry whose first attempt landed answers 412 to its own object, so a writer that sees 412 and then finds
     * its own bytes stored is the winner: the store's callers judge it the same way ({@code S3Objects.claim}).
     */
    @Test
    void racingCreatorsHaveExactlyOneWinner() throws Exception {
        int rounds = Integer.getInteger("flowstate.s3.race.rounds", 20);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < rounds; round++) {
                String key = "race/" + round;
                List<Future<String>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    String body = "writer-" + t;
                    results.add(pool.submit(() -> {
                        try {
                            s3.putObject(b -> b.bucket("bkt").key(key).ifNoneMatch("*"), RequestBody.fromString(body));
                            return body + " created";
                        } catch (S3Exception e) {
                            if (e.statusCode() != 412 && e.statusCode() != 409) {
                                throw e;
                            }
                            String stored = s3.getObjectAsBytes(b -> b.bucket("bkt").key(key)).asUtf8String();
                            return body + (stored.equals(body) ? " created" : " refused") + " (" + e.statusCode()
                                    + " after " + e.numAttempts() + " attempt(s))";
                        }
                    }));
                }
                List<String> outcomes = new ArrayList<>();
                for (Future<String> f : results) {
                    outcomes.add(f.get(60, TimeUnit.SECONDS));
                }
                List<String> winners = outcomes.stream().filter(o -> o.contains(" created")).toList();
                assertThat(winners).as("winners of round %d among %s", round, outcomes).hasSize(1);
                String stored = s3.getObjectAsBytes(b -> b.bucket("bkt").key(key)).asUtf8String();
                assertThat(winners.get(0)).as("the stored object of round %d", round).startsWith(stored + " ");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
