package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.BackendConformance;
import dev.flowstate.recovery.spi.StoreLocation;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite backend against the SPI's executable contract. */
class SqliteConformanceTest {
    @TempDir
    Path dir;

    @Test
    void sqliteBackend_meetsTheContract() {
        AtomicInteger n = new AtomicInteger();
        BackendConformance.check(new SqliteBackendProvider(),
                () -> StoreLocation.of(dir.resolve("store-" + n.incrementAndGet())));
    }
}
