package dev.flowstate.recovery.s3;

import dev.flowstate.recovery.spi.StoreLocation;
import dev.flowstate.s3.testkit.S3Server;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Map;

/** Options and a client for the test server. */
final class S3TestSupport {
    private S3TestSupport() {
    }

    static Map<String, String> options(S3Server server) {
        return Map.of("endpoint", server.endpoint().toString(), "access-key", S3Server.ACCESS_KEY,
                "secret-key", S3Server.SECRET_KEY, "region", S3Server.REGION);
    }

    static S3Client client(S3Server server) {
        return S3Settings.of(StoreLocation.parse("s3://any-bucket/x", options(server))).client();
    }

    static void createBucket(S3Server server, String bucket) {
        try (S3Client s3 = client(server)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }
}
