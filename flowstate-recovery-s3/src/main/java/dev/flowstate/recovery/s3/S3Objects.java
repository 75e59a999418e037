package dev.flowstate.recovery.s3;

import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The few object operations the store uses, on one bucket under one prefix, each bounded in time by the client's
 * timeouts, with every failure classified as a {@link RecoveryBackendException} naming the object.
 */
final class S3Objects {
    /** An object's bytes with the server's clock: when it was last written and when it was read. */
    record Read(byte[] bytes, Instant lastModified, Instant serverNow) {
    }

    private static final int CONFLICT_ATTEMPTS = 5;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3Objects(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
    }

    /** {@code s3://bucket/prefix/name}, for messages. */
    String where(String name) {
        return "s3://" + bucket + "/" + prefix + name;
    }

    /** Writes (or replaces) an object; durable on return. */
    void put(String name, byte[] bytes) {
        call(name, "writing", () -> s3.putObject(b -> b.bucket(bucket).key(prefix + name), RequestBody.fromBytes(bytes)));
    }

    /**
     * Creates an object only if no object of that name exists; false if one does (HTTP 412). AWS answers 409 while a
     * rival's conditional write to the same name is in flight and asks for a retry: the rival's outcome decides, so
     * a 409 is retried a few times and only then counted as lost.
     */
    boolean create(String name, byte[] bytes) {
        for (int attempt = 1; ; attempt++) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(prefix + name).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 412 || (e.statusCode() == 409 && attempt == CONFLICT_ATTEMPTS)) {
                    return false;
                }
                if (e.statusCode() != 409) {
                    throw classify(e, name, "creating");
                }
            } catch (SdkException e) {
                throw classify(e, name, "creating");
            }
        }
    }

    /**
     * Creates an object only if absent and says whether the caller now holds it: true if this call created it, or
     * if the object holds exactly {@code bytes}. The SDK retries a PUT whose answer was lost, and a retry whose
     * first attempt landed answers 412 to the caller's own object; comparing bytes tells that apart from a rival.
     */
    boolean claim(String name, byte[] bytes) {
        return create(name, bytes) || Arrays.equals(get(name), bytes);
    }

    /** An object's bytes, or null if there is none. */
    byte[] get(String name) {
        Read r = read(name);
        return r == null ? null : r.bytes();
    }

    /** An object with its server times, or null if there is none. */
    Read read(String name) {
        try {
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + name));
            Instant now = got.response().sdkHttpResponse().firstMatchingHeader("Date")
                    .map(S3Objects::httpDate).orElse(Instant.now());
            return new Read(got.asByteArray(), got.response().lastModified(), now);
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
                return null;
            }
            throw classify(e, name, "reading");
        } catch (SdkException e) {
            throw classify(e, name, "reading");
        }
    }

    /**
     * Names (relative to the prefix) of the store's own objects ({@link Layout#ours}) whose name starts with
     * {@code under}, in name order.
     */
    List<String> list(String under) {
        List<String> names = listAll(under);
        names.removeIf(n -> !Layout.ours(n));
        return names;
    }

    /** Names (relative to the prefix) of every object whose name starts with {@code under}, in name order. */
    List<String> listAll(String under) {
        List<String> names = new ArrayList<>();
        call(under, "listing", () -> {
            ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix + under).build();
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(req)) {
                for (S3Object o : page.contents()) {
                    names.add(o.key().substring(prefix.length()));
                }
            }
            return null;
        });
        names.sort(null);
        return names;
    }

    /** Deletes an object; deleting a missing object is not an error. */
    void delete(String name) {
        call(name, "deleting", () -> s3.deleteObject(b -> b.bucket(bucket).key(prefix + name)));
    }

    /** Fails with UNREACHABLE if the bucket cannot be reached. */
    void checkBucket() {
        call("", "reaching the bucket", () -> s3.headBucket(b -> b.bucket(bucket)));
    }

    private <T> T call(String name, String doing, Supplier<T> op) {
        try {
            return op.get();
        } catch (SdkException e) {
            throw classify(e, name, doing);
        }
    }

    private RecoveryBackendException classify(SdkException e, String name, String doing) {
        String where = where(name);
        if (e instanceof S3Exception s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
            if (status == 404) {
                return new RecoveryBackendException(Kind.UNREACHABLE, "s3://" + bucket,
                        "bucket " + bucket + " does not exist (" + doing + " " + where + ")", e);
            }
            if (status == 403) {
                return new RecoveryBackendException(Kind.PERMISSION_DENIED, where,
                        doing + " was denied (" + code + ")", e);
            }
            if ("QuotaExceeded".equals(code) || status == 507) {
                return new RecoveryBackendException(Kind.DISK_FULL, where, doing + " failed: " + code, e);
            }
            return new RecoveryBackendException(Kind.IO, where, doing + " failed with HTTP " + status + " " + code, e);
        }
        if (e instanceof SdkClientException) {
            return new RecoveryBackendException(Kind.UNREACHABLE, where, doing + " failed: " + e.getMessage(), e);
        }
        return new RecoveryBackendException(Kind.IO, where, doing + " failed: " + e.getMessage(), e);
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private static Instant httpDate(String value) {
        try {
            return java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }
}
