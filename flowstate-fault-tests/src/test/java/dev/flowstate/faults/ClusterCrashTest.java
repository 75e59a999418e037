package dev.flowstate.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keyed-count} on a cluster of 2 child JVMs sharing one recovery store: one process is SIGKILLed mid-run,
 * the other must stop on its own within seconds, non-zero, naming the lost peer; then all are restarted (also as
 * another shape) and the exactly-once output must equal the crash-free result.
 */
class ClusterCrashTest {
    static final int LINES = 1_000_000;
    static final int KEYS = 20_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(240)
    void twoProcesses_killOneThenRestart_allStopNamingThePeer_andResumeExactly() throws Exception {
        long seed = Scenario.seed(707);
        Scenario s = Scenario.in(dir);
        Inputs.keyValues(s.input, seed, LINES, KEYS);
        List<String> expected = Expected.keyedCount(s.input);
        Files.createDirectories(s.logs);

        // Round 1: 2 processes x 1 worker; kill process 1. Round 2: 2 x 2; kill process 0.
        killRound(s, 0, 2, 1, 1, 600);
        killRound(s, 1, 2, 2, 0, 600);
        // Final: 2 x 1 again, run to the end.
        List<String> addresses = freeAddresses(2);
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(start(s, 2, i, addresses, 1));
        }
        for (int i = 0; i < 2; i++) {
            assertThat(ps.get(i).waitFor(120, TimeUnit.SECONDS)).as("final run, process " + i + " finished").isTrue();
            assertThat(ps.get(i).exitValue()).as("final run, process " + i + " exit; stderr: "
                    + tail(err(s, 2, i))).isZero();
        }
        for (int round = 0; round <= 2; round++) {
            String log = Files.readString(err(s, round, 0));
            String resume = log.lines().filter(l -> l.contains("resumes at epoch")).findFirst().orElse("(none)");
            System.out.println("round " + round + " start: " + resume);
            if (round == 2) {
                assertThat(resume).as("the final run resumed after epoch 1 (kills landed after commits)")
                        .doesNotEndWith("resumes at epoch 1");
            }
        }
        OutputChecks.exactlyOnce(expected, s.output);
    }

    /** 3 processes x 1 worker, kill process 1; then resume as a single process of 2 workers (3x1 -> 1x2). */
    @Test
    @Timeout(240)
    void threeProcesses_killOne_allStop_thenResumeAsOneProcess() throws Exception {
        long seed = Scenario.seed(808);
        Scenario s = Scenario.in(dir);
        Inputs.keyValues(s.input, seed, LINES, KEYS);
        List<String> expected = Expected.keyedCount(s.input);
        Files.createDirectories(s.logs);

        killRound(s, 0, 3, 1, 1, 600);
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(FaultJob.command("keyed-count", s.input, s.output, s.recovery, 2, "50ms", null));
        Process p = new ProcessBuilder(cmd).redirectOutput(s.logs.resolve("final.out").toFile())
                .redirectError(s.logs.resolve("final.err").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(s.logs.resolve("final.err"));
        assertThat(p.exitValue()).as(log).isZero();
        String resume = log.lines().filter(l -> l.contains("resumes at epoch")).findFirst().orElse("(none)");
        System.out.println("single-process resume: " + resume);
        OutputChecks.exactlyOnce(expected, s.output);
    }

    /**
     * Starts {@code processes} processes, SIGKILLs {@code victim} after {@code delayMs}, checks every survivor stops
     * by itself, non-zero, naming it.
     */
    private void killRound(Scenario s, int round, int processes, int workers, int victim, long delayMs)
            throws Exception {
        List<String> addresses = freeAddresses(processes);
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            ps.add(start(s, round, i, addresses, workers));
        }
        // Kill gate: process 0 began the execution (all connected, store opened), then the run goes on for a while.
        long gateDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(err(s, round, 0)).contains("resumes at epoch") && System.nanoTime() < gateDeadline
                && ps.get(0).isAlive()) {
            Thread.sleep(20);
        }
        Thread.sleep(delayMs);
        for (Process p : ps) {
            assertThat(p.isAlive()).as("round " + round + ": still running at the kill (stderr: "
                    + tail(err(s, round, ps.indexOf(p))) + ")").isTrue();
        }
        ps.get(victim).destroyForcibly();
        long t0 = System.nanoTime();
        assertThat(ps.get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (int survivor = 0; survivor < processes; survivor++) {
            if (survivor == victim) {
                continue;
            }
            boolean ended = ps.get(survivor).waitFor(15, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (!ended) {
                ps.forEach(Process::destroyForcibly);
            }
            assertThat(ended).as("round " + round + ": process " + survivor
                    + " stopped by itself after its peer was killed").isTrue();
            String stderr = Files.readString(err(s, round, survivor));
            System.out.println("round " + round + ": process " + survivor + " exited " + ps.get(survivor).exitValue()
                    + " " + ms + " ms after process " + victim + " was killed");
            assertThat(ps.get(survivor).exitValue()).isNotZero();
            assertThat(stderr).contains("process " + victim + " (" + addresses.get(victim) + ")");
        }
    }

    private Process start(Scenario s, int round, int id, List<String> addresses, int workers) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(FaultJob.command("keyed-count", s.input, s.output, s.recovery, workers, "50ms", null));
        cmd.add("--addresses");
        cmd.add(String.join(";", addresses));
        cmd.add("--process-id");
        cmd.add(Integer.toString(id));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(s.logs.resolve("round-" + round + "-p" + id + ".out").toFile())
                .redirectError(err(s, round, id).toFile());
        pb.environment().put("FLOWSTATE_CLUSTER_SECRET", "cluster-crash-test-secret"); // members authenticate
        return pb.start();
    }

    private static Path err(Scenario s, int round, int id) {
        return s.logs.resolve("round-" + round + "-p" + id + ".err");
    }

    private static String tail(Path file) {
        try {
            String t = Files.readString(file);
            return t.length() > 3000 ? t.substring(t.length() - 3000) : t;
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    static List<String> freeAddresses(int n) throws IOException {
        List<String> out = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ServerSocket ss = new ServerSocket(0);
            held.add(ss);
            out.add("127.0.0.1:" + ss.getLocalPort());
        }
        for (ServerSocket ss : held) {
            ss.close();
        }
        return out;
    }
}
