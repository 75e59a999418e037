package dev.flowstate.internal.recovery;

import static dev.flowstate.internal.recovery.StoreFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.recovery.Recovery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volume checks of the snapshot and restore paths: many rows committed, updated and loaded back exactly, by one
 * worker and by several in parallel. The timings are logged only: a unit test never asserts on elapsed time on a
 * shared machine; {@code bin/flowstate-bench --resume} measures them (target: 1M keys loaded in under 2 s).
 */
class StoreVolumeTest {
    private static final Logger LOG = LoggerFactory.getLogger(StoreVolumeTest.class);
    private static final int KEYS = 200_000;
    private static final int BATCH = 50_000;

    @TempDir
    Path dir;

    @Test
    void commitUpdateAndLoadManyKeys_exactly() throws Exception {
        Recovery.init(dir, 4);
        byte[] state = new byte[64];
        Arrays.fill(state, (byte) 7);
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state"));
            long worstCommitNanos = 0;
            for (int epoch = 1; epoch <= KEYS / BATCH; epoch++) {
                List<SnapshotRow> rows = new ArrayList<>(BATCH);
                for (int k = (epoch - 1) * BATCH; k < epoch * BATCH; k++) {
                    String key = "key-" + k;
                    rows.add(new SnapshotRow("count", key.getBytes(StandardCharsets.UTF_8),
                            StoreFixtures.routeHash(key), state));
                }
                long t0 = System.nanoTime();
                store.commit(0, epoch, rows);
                long took = System.nanoTime() - t0;
                LOG.debug("epoch {}: {} ms", epoch, took / 1_000_000);
                worstCommitNanos = Math.max(worstCommitNanos, took);
            }
            // a second version of 10% of the keys, so "newest per key" has something to choose
            List<SnapshotRow> updates = new ArrayList<>();
            for (int k = 0; k < KEYS; k += 10) {
                String key = "key-" + k;
                updates.add(new SnapshotRow("count", key.getBytes(StandardCharsets.UTF_8), StoreFixtures.routeHash(key),
                        state));
            }
            long t0 = System.nanoTime();
            store.commit(0, KEYS / BATCH + 1, updates);
            long updateNanos = System.nanoTime() - t0;
            LOG.info("commit of {} rows (4 partitions, synchronous=FULL): worst {} ms; {} updates: {} ms", BATCH,
                    worstCommitNanos / 1_000_000, updates.size(), updateNanos / 1_000_000);
        }

        try (ProtocolStore store = StoreFixtures.foldingAtEveryCollection(ProtocolStore.open(dir))) {
            AtomicLong loaded = new AtomicLong();
            long t0 = System.nanoTime();
            store.loadKeyedStates("count", 12, 1, 0, (k, v) -> loaded.incrementAndGet());
            long oneWorkerNanos = System.nanoTime() - t0;
            assertThat(loaded.get()).isEqualTo(KEYS);

            int workers = 4;
            AtomicLong loadedByAll = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                long t1 = System.nanoTime();
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int worker = w;
                    done.add(pool.submit(() -> store.loadKeyedStates("count", 12, workers, worker,
                            (k, v) -> loadedByAll.incrementAndGet())));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                long fourWorkersNanos = System.nanoTime() - t1;
                LOG.info("load of {} keys: 1 worker {} ms; 4 workers in parallel {} ms", KEYS,
                        oneWorkerNanos / 1_000_000, fourWorkersNanos / 1_000_000);
                assertThat(loadedByAll.get()).isEqualTo(KEYS);
            } finally {
                pool.shutdownNow();
            }

            long t2 = System.nanoTime();
            store.beginExecution("df", 1, steps("count", "state"));
            store.collectGarbage(12);
            LOG.info("begin + first (full) garbage collection over {} rows: {} ms", KEYS + KEYS / 10,
                    (System.nanoTime() - t2) / 1_000_000);
            assertThat(StoreFixtures.rowCount(store)).isEqualTo(KEYS);
        }
    }
}
