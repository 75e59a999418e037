package dev.flowstate.recovery.s3;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How create-if-absent reads the answers AWS gives and s3proxy never does: a 409 (a rival's conditional write in
 * flight) is retried a bounded number of times, a 412 is final, and a 412 to the caller's own bytes is a win.
 */
class S3ObjectsConflictTest {

    @Test
    void a409IsRetried_andTheRetryCanWin() {
        Scripted s3 = new Scripted(List.of(409, 409, 200), null);
        assertThat(s3.objects().create("k", bytes("mine"))).isTrue();
        assertThat(s3.puts).isEqualTo(3);
    }

    @Test
    void a409ThatNeverClears_countsAsLost_afterABoundedNumberOfAttempts() {
        Scripted s3 = new Scripted(List.of(409, 409, 409, 409, 409, 409, 409), null);
        assertThat(s3.objects().create("k", bytes("mine"))).isFalse();
        assertThat(s3.puts).isEqualTo(5);
    }

    @Test
    void a412IsFinal_andClaimTellsTheCallersOwnObjectFromARivals() {
        assertThat(new Scripted(List.of(412), "mine").objects().claim("k", bytes("mine"))).isTrue();
        Scripted rival = new Scripted(List.of(412), "theirs");
        assertThat(rival.objects().claim("k", bytes("mine"))).isFalse();
        assertThat(rival.puts).isEqualTo(1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An S3 client answering each PUT with the next scripted status and each GET with {@code stored}. */
    private static final class Scripted {
        private final Deque<Integer> answers;
        private final String stored;
        int puts;

        Scripted(List<Integer> answers, String stored) {
            this.answers = new ArrayDeque<>(answers);
            this.stored = stored;
        }

        S3Objects objects() {
            S3Client client = (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(),
                    new Class<?>[] {S3Client.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "putObject" -> {
                            puts++;
                            int status = answers.removeFirst();
                            if (status != 200) {
                                throw S3Exception.builder().statusCode(status).message("scripted " + status).build();
                            }
                            yield PutObjectResponse.builder().build();
                        }
                        case "getObjectAsBytes" -> ResponseBytes.fromByteArray((GetObjectResponse) GetObjectResponse.builder()
                                .sdkHttpResponse(SdkHttpResponse.builder().statusCode(200).build()).build(), bytes(stored));
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            return new S3Objects(client, "bkt", "prefix");
        }
    }
}
