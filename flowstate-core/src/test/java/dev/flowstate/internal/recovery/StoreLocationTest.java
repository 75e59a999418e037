package dev.flowstate.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;
import dev.flowstate.recovery.spi.StoreLocation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 item 4: one way to name a store, and the refusals for schemes without a backend. */
class StoreLocationTest {
    @TempDir
    Path dir;

    @Test
    void aPlainPath_isAnSqliteDirectory() {
        StoreLocation loc = StoreLocation.parse("state/run-1");
        assertThat(loc.scheme()).isEqualTo("file");
        assertThat(loc.directory()).isEqualTo(Path.of("state/run-1"));
        assertThat(StoreLocation.parse("file:///var/lib/fs").directory()).isEqualTo(Path.of("/var/lib/fs"));
    }

    @Test
    void kafkaUri_keepsTheBrokerListAndPrefix() {
        StoreLocation loc = StoreLocation.parse("kafka://h1:9092,h2:9093/jobs/wordcount");
        assertThat(loc.scheme()).isEqualTo("kafka");
        assertThat(loc.authority()).isEqualTo("h1:9092,h2:9093");
        assertThat(loc.path()).isEqualTo("jobs/wordcount");
        assertThat(loc.options()).isEmpty();
    }

    @Test
    void s3Uri_takesOptionsFromTheQuery_andExplicitOptionsWin() {
        StoreLocation loc = StoreLocation.parse("s3://bucket/a/b/?region=eu-west-1&endpoint=http%3A%2F%2F127.0.0.1%3A9000",
                Map.of("region", "us-east-1"));
        assertThat(loc.authority()).isEqualTo("bucket");
        assertThat(loc.path()).isEqualTo("a/b");
        assertThat(loc.options()).containsEntry("region", "us-east-1").containsEntry("endpoint", "http://127.0.0.1:9000");
        assertThatThrownBy(loc::directory).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void malformedNames_areRefusedWhenConfigured() {
        assertThatThrownBy(() -> RecoveryConfig.of("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> RecoveryConfig.of("s3://bucket/p?region")).hasMessageContaining("NAME=VALUE");
        assertThatThrownBy(() -> RecoveryConfig.of("://x")).hasMessageContaining("not a valid store name");
    }

    @Test
    void recoveryConfig_acceptsPathsAndUris() {
        assertThat(RecoveryConfig.of(Path.of("st")).directory()).isEqualTo(Path.of("st"));
        RecoveryConfig kafka = new RecoveryConfig("kafka://localhost:9092/p", java.time.Duration.ZERO,
                Map.of("acks", "all"));
        assertThat(kafka.location().options()).containsEntry("acks", "all");
    }

    @Test
    void aKnownBackendNotOnTheClasspath_namesTheModuleToAdd() {
        assertThatThrownBy(() -> Recovery.inspect("kafka://127.0.0.1:1/p", Map.of()))
                .isInstanceOf(RecoveryStoreException.class)
                .hasMessageContaining("the kafka:// backend is not on the classpath")
                .hasMessageContaining("flowstate-kafka")
                .hasMessageContaining("Schemes available: ").hasMessageContaining("file");
    }

    @Test
    void anUnknownScheme_isRefusedNamingIt() {
        assertThatThrownBy(() -> Recovery.init("ftp://host/x", Map.of(), 1))
                .hasMessageContaining("unknown scheme 'ftp://'");
    }

    @Test
    void sqliteRefusesOptions() {
        assertThatThrownBy(() -> Recovery.init(dir.resolve("s").toString(), Map.of("region", "x"), 1))
                .hasMessageContaining("takes no options");
    }
}
