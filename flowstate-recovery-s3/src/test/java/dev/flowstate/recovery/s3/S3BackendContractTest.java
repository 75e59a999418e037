package dev.flowstate.recovery.s3;

import dev.flowstate.recovery.spi.StoreLocation;
import dev.flowstate.recovery.testkit.BackendContractTest;
import dev.flowstate.s3.testkit.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The SPI contract against a real S3 server (one per class; one fresh prefix per test). */
class S3BackendContractTest extends BackendContractTest {
    @TempDir
    static Path dir;
    static S3Server server;
    static final AtomicInteger STORES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        server = S3Server.start(dir);
        S3TestSupport.createBucket(server, "contract");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected StoreLocation newLocation() {
        return StoreLocation.parse("s3://contract/store-" + STORES.incrementAndGet(), S3TestSupport.options(server));
    }

    @Override
    protected String scheme() {
        return "s3";
    }
}
