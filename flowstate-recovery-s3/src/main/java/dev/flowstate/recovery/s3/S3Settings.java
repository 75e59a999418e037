package dev.flowstate.recovery.s3;

import dev.flowstate.recovery.remote.Options;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.StoreLocation;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The options of an {@code s3://BUCKET/PREFIX} store, from the name's query or from code / the command line:
 * {@code endpoint} (an S3-compatible server, e.g. MinIO; path-style addressing then), {@code region} (else
 * {@code AWS_REGION}, else us-east-1), {@code access-key} / {@code secret-key} (else the usual AWS chain:
 * environment, system properties, profile, container or instance role), {@code lease-seconds} (the run lock's lease,
 * default 15) and {@code compact-after} (segments before a base is rewritten, default 32).
 */
record S3Settings(String bucket, String prefix, URI endpoint, String region, String accessKey, String secretKey,
                  Duration lease, int compactAfter) {
    private static final Set<String> KNOWN = Set.of("endpoint", "region", "access-key", "secret-key",
            "lease-seconds", "compact-after");

    static S3Settings of(StoreLocation location) {
        String where = location.text();
        Options.checkKnown(location, KNOWN, "an s3:// store");
        String bucket = location.authority();
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new RecoveryBackendException(Kind.INVALID, where, "'" + bucket + "' is not a valid bucket name;"
                    + " write s3://BUCKET/PREFIX with a bucket of 3-63 lower-case letters, digits, '.' or '-'");
        }
        URI endpoint = null;
        String e = location.option("endpoint", null);
        if (e != null) {
            try {
                endpoint = URI.create(e);
                if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
            } catch (IllegalArgumentException ex) {
                throw new RecoveryBackendException(Kind.INVALID, where, "option endpoint '" + e
                        + "' is not a URL such as http://127.0.0.1:9000", ex);
            }
        }
        String region = location.option("region", System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
        String access = location.option("access-key", null);
        String secret = location.option("secret-key", null);
        if ((access == null) != (secret == null)) {
            throw new RecoveryBackendException(Kind.INVALID, where, "give both access-key and secret-key, or neither"
                    + " (then the usual AWS credentials apply)");
        }
        return new S3Settings(bucket, location.path(), endpoint, region, access, secret,
                Duration.ofSeconds(Options.positive(location, "lease-seconds", 15)), (int) Options.positive(location, "compact-after", 32));
    }

    S3Client client() {
        AwsCredentialsProvider credentials = accessKey != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder b = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30)).build())
                // every call bounded: one attempt 30 s, all retries together 90 s
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofSeconds(30))
                        .apiCallTimeout(Duration.ofSeconds(90)));
        if (endpoint != null) {
            b.endpointOverride(endpoint).forcePathStyle(true);
        }
        return b.build();
    }
}
