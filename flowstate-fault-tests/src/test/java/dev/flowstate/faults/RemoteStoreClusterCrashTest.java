package dev.flowstate.faults;

import dev.flowstate.kafka.testkit.KafkaBroker;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryReport;
import dev.flowstate.s3.testkit.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster across "hosts" with recovery in a remote store: every process runs in its own working directory (its
 * own copy of the input, its own output directory) and the processes share nothing but the store URI. Rounds of
 * P processes are started, one process chosen at random is SIGKILLed once a random number of epochs has been
 * committed (read from the store, never a timer), the survivors stop by themselves, and the next round starts with
 * another shape (rescaled). The last round runs to the end and the exactly-once output (written by worker 0, which
 * is always process 0, in host-0's directory) must equal the crash-free result. Seeded; the seed is printed.
 */
class RemoteStoreClusterCrashTest {
    static final int LINES = 600_000;
    static final int KEYS = 10_000;
    static final String EPOCH = "100ms";
    /** (processes, workers per process) of each round; the last runs to the end. */
    static final int[][] SHAPES = {{2, 1}, {3, 1}, {2, 2}};

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // keep the hosts' logs of a failed run
    Path dir;

    @Test
    @Timeout(420)
    void kafkaStore_processesOnSeparateHosts_killedRestartedRescaled_exact() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("broker"))) {
            String store = "kafka://" + broker.bootstrapServers() + "/cluster-crash?lease-seconds=6&gc-seconds=5";
            Recovery.init(store, Map.of(), 4);
            scenario(store, Scenario.seed(9101));
        }
    }

    @Test
    @Timeout(420)
    void objectStore_processesOnSeparateHosts_killedRestartedRescaled_exact() throws Exception {
        try (S3Server server = S3Server.start(dir.resolve("s3"))) {
            try (S3Client s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(S3Server.REGION))
                    .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY))).build()) {
                s3.createBucket(b -> b.bucket("flowstate-faults"));
            }
            String store = "s3://flowstate-faults/cluster-crash?endpoint=" + server.endpoint() + "&access-key="
                    + S3Server.ACCESS_KEY + "&secret-key=" + S3Server.SECRET_KEY + "&lease-seconds=6";
            Recovery.init(store, Map.of(), 4);
            scenario(store, Scenario.seed(9202));
        }
    }

    private void scenario(String store, long seed) throws Exception {
        Random random = new Random(seed);
        Path input = dir.resolve("input.txt");
        Inputs.keyValues(input, seed, LINES, KEYS);
        List<String> expected = Expected.keyedCount(input);
        int maxProcesses = 0;
        for (int[] shape : SHAPES) {
            maxProcesses = Math.max(maxProcesses, shape[0]);
        }
        for (int h = 0; h < maxProcesses; h++) {
            Path host = host(h);
            Files.createDirectories(host.resolve("logs"));
            Files.copy(input, host.resolve("input.txt"));
        }
        int kills = 0;
        for (int round = 0; round < SHAPES.length; round++) {
            boolean last = round == SHAPES.length - 1;
            int processes = SHAPES[round][0];
            int workers = SHAPES[round][1];
            List<String> addresses = ClusterCrashTest.freeAddresses(processes);
            long executionsBefore = Recovery.inspect(store, Map.of()).executions().size();
            List<Process> ps = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                ps.add(start(store, round, i, addresses, workers));
            }
            if (last) {
                for (int i = 0; i < processes; i++) {
                    assertThat(ps.get(i).waitFor(180, TimeUnit.SECONDS)).as("final round, process %d finished", i).isTrue();
                    assertThat(ps.get(i).exitValue()).as("final round, process %d: %s", i,
                            CrashHarness.tail(err(round, i), 30)).isZero();
                }
                break;
            }
            int epochs = 1 + random.nextInt(4);
            int victim = random.nextInt(processes);
            boolean gateOpen = awaitCommittedEpochs(store, executionsBefore, epochs, ps);
            if (!gateOpen) { // the run ended (or failed) before the kill point
                for (int i = 0; i < processes; i++) {
                    assertThat(ps.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(ps.get(i).exitValue()).as("round %d, process %d: %s", round, i,
                            CrashHarness.tail(err(round, i), 30)).isZero();
                }
                System.out.println("round " + round + ": finished before " + epochs + " epochs were committed");
                continue;
            }
            ps.get(victim).destroyForcibly();
            kills++;
            System.out.println("round " + round + ": " + processes + "x" + workers + ", SIGKILL process " + victim
                    + " after " + epochs + " committed epoch(s)");
            assertThat(ps.get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < processes; i++) {
                if (!ps.get(i).waitFor(60, TimeUnit.SECONDS)) {
                    ps.forEach(Process::destroyForcibly);
                    throw new AssertionError("round " + round + ": process " + i + " did not stop after its peer "
                            + victim + " was killed; " + CrashHarness.tail(err(round, i), 30));
                }
            }
        }
        RecoveryReport report = Recovery.inspect(store, Map.of());
        System.out.println(report.format());
        assertThat(kills).as("at least one process was killed mid-run").isPositive();
        OutputChecks.exactlyOnce(expected, host(0).resolve("out/exactly-once.txt"));
    }

    /**
     * Waits until the execution started in this round has committed {@code epochs} epochs beyond its resume epoch
     * (from the store); false if every process ended first.
     */
    private static boolean awaitCommittedEpochs(String store, long executionsBefore, int epochs, List<Process> ps)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (ps.stream().noneMatch(Process::isAlive)) {
                return false;
            }
            List<RecoveryReport.ExecutionInfo> execs = Recovery.inspect(store, Map.of()).executions();
            if (execs.size() > executionsBefore) {
                RecoveryReport.ExecutionInfo latest = execs.get(execs.size() - 1);
                if (latest.frontier() >= latest.resumedAtEpoch() + epochs) {
                    return ps.stream().allMatch(Process::isAlive);
                }
            }
            Thread.sleep(50); // poll interval of a condition read from the store
        }
        ps.forEach(Process::destroyForcibly);
        throw new AssertionError("no " + epochs + " epochs committed within 120 s");
    }

    private Process start(String store, int round, int id, List<String> addresses, int workers) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        // relative paths: each process reads and writes in its own working directory ("host")
        cmd.addAll(FaultJob.command("keyed-count", Path.of("input.txt"), Path.of("out/exactly-once.txt"), store,
                workers, EPOCH, null));
        cmd.add("--addresses");
        cmd.add(String.join(";", addresses));
        cmd.add("--process-id");
        cmd.add(Integer.toString(id));
        ProcessBuilder process = new ProcessBuilder(cmd).directory(host(id).toFile())
                .redirectOutput(host(id).resolve("logs/round-" + round + ".out").toFile())
                .redirectError(err(round, id).toFile());
        // members authenticate each other: the same secret on every "host", through the environment
        process.environment().put("FLOWSTATE_CLUSTER_SECRET", "remote-store-crash-test-" + round);
        return process.start();
    }

    private Path host(int id) {
        return dir.resolve("host-" + id);
    }

    private Path err(int round, int id) {
        return host(id).resolve("logs/round-" + round + ".err");
    }
}
