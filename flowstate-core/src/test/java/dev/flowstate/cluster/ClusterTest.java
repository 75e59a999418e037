package dev.flowstate.cluster;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.internal.cluster.Members;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clusters of 2 and 3 "processes" in one JVM (each with its own transport on loopback, as separate JVMs would). */
@Timeout(120)
class ClusterTest {
    private static final Duration EPOCH = Duration.ofMillis(50);

    static List<String> freeAddresses(int n) throws IOException {
        return Members.freeAddresses(n);
    }

    /** Keyed count over 0..total-1 (key i % 1000); {@code poison} >= 0 makes the mapper throw on that item. */
    static Dataflow keyedCount(String name, long total, int poison, List<KeyValue<String, Long>> out) {
        return Members.keyedCount(name, total, 1000, poison, out);
    }

    static Map<String, Long> toMap(List<KeyValue<String, Long>> out) {
        Map<String, Long> counts = new HashMap<>();
        for (KeyValue<String, Long> kv : out) {
            assertThat(counts.put(kv.key(), kv.value())).as("one final count per key").isNull();
        }
        return counts;
    }

    interface ProcessBody {
        void run(int processId) throws Exception;
    }

    /** Runs one body per process on its own thread; returns each one's failure (or null). */
    static List<Throwable> runProcesses(int processes, ProcessBody body) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                int id = p;
                futures.add(pool.submit(() -> {
                    body.run(id);
                    return null;
                }));
            }
            List<Throwable> failures = new ArrayList<>();
            for (Future<?> f : futures) {
                try {
                    f.get(90, TimeUnit.SECONDS);
                    failures.add(null);
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    failures.add(e);
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, Long> clusterCount(int processes, int workers, long total) throws Exception {
        List<String> addresses = freeAddresses(processes);
        List<KeyValue<String, Long>> out = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = runProcesses(processes, id -> Flowstate.clusterMain(keyedCount("kc", total, -1, out),
                addresses, id, RunConfig.defaults().withWorkers(workers).withEpochInterval(EPOCH), null,
                Duration.ofSeconds(20)));
        assertThat(failures).containsOnlyNulls();
        return toMap(out);
    }

    @Test
    void twoProcessesOfTwoWorkers_equalTheSingleProcessRun() throws Exception {
        long total = 300_000;
        List<KeyValue<String, Long>> single = new ArrayList<>();
        Flowstate.run(keyedCount("kc", total, -1, single), RunConfig.defaults().withWorkers(1).withEpochInterval(EPOCH));
        Map<String, Long> expected = toMap(single);
        assertThat(expected).hasSize(1000);
        long t0 = System.nanoTime();
        assertThat(clusterCount(2, 2, total)).isEqualTo(expected);
        System.out.println("2x2 cluster: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @Test
    void threeProcessesOfOneWorker_equalTheSingleProcessRun() throws Exception {
        long total = 100_000;
        Map<String, Long> counts = clusterCount(3, 1, total);
        assertThat(counts).hasSize(1000);
        assertThat(counts.values()).allMatch(c -> c == 100);
    }

    @Test
    void aPeerRunningAnotherDataflow_isRefused_namingTheFingerprint() throws Exception {
        List<String> addresses = freeAddresses(2);
        List<KeyValue<String, Long>> out = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = runProcesses(2, id -> Flowstate.clusterMain(
                keyedCount(id == 0 ? "kc" : "other", 1000, -1, out), addresses, id,
                RunConfig.defaults().withEpochInterval(EPOCH), null, Duration.ofSeconds(3)));
        assertThat(failures.get(1)).isInstanceOf(DataflowException.class)
                .hasMessageContaining("cannot join process 0").hasMessageContaining("dataflow fingerprint differs");
        assertThat(failures.get(0)).isInstanceOf(DataflowException.class)
                .hasMessageContaining("timed out").hasMessageContaining("process 1")
                .hasMessageContaining("dataflow fingerprint differs");
        assertThat(out).isEmpty();
    }

    @Test
    void aPeerWithTheWrongSecret_isRefused() throws Exception {
        List<String> addresses = freeAddresses(2);
        List<KeyValue<String, Long>> out = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = runProcesses(2, id -> Flowstate.clusterMain(keyedCount("kc", 1000, -1, out),
                addresses, id, RunConfig.defaults().withEpochInterval(EPOCH), id == 0 ? "right" : "wrong",
                Duration.ofSeconds(3)));
        assertThat(failures.get(1)).isInstanceOf(DataflowException.class).hasMessageContaining("secret check failed");
        assertThat(failures.get(0)).isInstanceOf(DataflowException.class).hasMessageContaining("secret check failed");
        assertThat(out).isEmpty();
    }

    @Test
    void theSameSecret_isAccepted() throws Exception {
        List<String> addresses = freeAddresses(2);
        List<KeyValue<String, Long>> out = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = runProcesses(2, id -> Flowstate.clusterMain(keyedCount("kc", 10_000, -1, out),
                addresses, id, RunConfig.defaults().withEpochInterval(EPOCH), "s3cret", Duration.ofSeconds(10)));
        assertThat(failures).containsOnlyNulls();
        assertThat(toMap(out).values()).allMatch(c -> c == 10);
    }

    @Test
    void aFailureInOneProcess_stopsTheOthers_namingIt() throws Exception {
        List<String> addresses = freeAddresses(2);
        List<KeyValue<String, Long>> out = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        // Process 1's worker fails on item 5001 (its items are the odd ones); process 0 would run a long time.
        List<Throwable> failures = runProcesses(2, id -> Flowstate.clusterMain(
                keyedCount("kc", Long.MAX_VALUE, id == 1 ? 5001 : -1, out), addresses, id,
                RunConfig.defaults().withEpochInterval(EPOCH), null, Duration.ofSeconds(10)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(failures.get(1)).isInstanceOf(DataflowException.class).hasMessageContaining("poison item 5001");
        assertThat(failures.get(0)).isInstanceOf(DataflowException.class).hasMessageContaining("process 1")
                .hasMessageContaining("poison item 5001");
        assertThat(ms).isLessThan(20_000);
    }

    @Test
    void recoveryAcrossProcesses_resumesFromTheSharedStore(@TempDir Path dir) throws Exception {
        Recovery.init(dir, 2);
        RecoveryConfig recovery = RecoveryConfig.of(dir);
        List<String> addresses = freeAddresses(2);
        List<KeyValue<String, Long>> out = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = runProcesses(2, id -> Flowstate.clusterMain(keyedCount("kc", 50_000, -1, out),
                addresses, id, RunConfig.defaults().withWorkers(2).withEpochInterval(EPOCH).withRecovery(recovery), null,
                Duration.ofSeconds(10)));
        assertThat(failures).containsOnlyNulls();
        assertThat(toMap(out).values()).allMatch(c -> c == 50);
        assertThat(toMap(out)).hasSize(1000);
    }

    @Test
    void aMissingPeer_givesAClearTimeoutError() throws Exception {
        List<String> addresses = freeAddresses(2);
        List<KeyValue<String, Long>> out = new ArrayList<>();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Flowstate.clusterMain(keyedCount("kc", 10, -1, out), addresses, 0,
                RunConfig.defaults(), null, Duration.ofSeconds(2)))
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("timed out after 2 s waiting for process 1 (" + addresses.get(1) + ")");
        assertThatThrownBy(() -> Flowstate.clusterMain(keyedCount("kc", 10, -1, out), addresses, 1,
                RunConfig.defaults(), null, Duration.ofSeconds(2)))
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("timed out after 2 s connecting to process 0 at " + addresses.get(0));
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void aPeerWithAnotherWorkerCount_isRefused() throws Exception {
        List<String> addresses = freeAddresses(2);
        List<KeyValue<String, Long>> out = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = runProcesses(2, id -> Flowstate.clusterMain(keyedCount("kc", 1000, -1, out),
                addresses, id, RunConfig.defaults().withWorkers(id + 1).withEpochInterval(EPOCH), null,
                Duration.ofSeconds(3)));
        assertThat(failures.get(1)).isInstanceOf(DataflowException.class)
                .hasMessageContaining("workers per process differ: this process has 2, the peer 1");
        assertThat(failures.get(0)).isInstanceOf(DataflowException.class).hasMessageContaining("timed out")
                .hasMessageContaining("workers per process differ");
    }
}
