package dev.flowstate.recovery.kafka;

import dev.flowstate.kafka.testkit.KafkaBroker;
import dev.flowstate.recovery.spi.StoreLocation;
import dev.flowstate.recovery.testkit.BackendContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The SPI contract against a real KRaft broker (one per class; one fresh topic prefix per test). */
class KafkaBackendContractTest extends BackendContractTest {
    @TempDir
    static Path dir;
    static KafkaBroker broker;
    static final AtomicInteger STORES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(dir.resolve("broker"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    protected StoreLocation newLocation() {
        return StoreLocation.parse("kafka://" + broker.bootstrapServers() + "/contract-" + STORES.incrementAndGet(),
                Map.of("gc-seconds", "1"));
    }

    @Override
    protected String scheme() {
        return "kafka";
    }
}
