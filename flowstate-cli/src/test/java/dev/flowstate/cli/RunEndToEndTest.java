package dev.flowstate.cli;

import dev.flowstate.cli.fixtures.Flows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.flowstate.cli.ErrorAssert.oneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code flowstate run} with the real engine ({@code Flowstate.run}). */
class RunEndToEndTest {
    @BeforeEach
    void clear() {
        Flows.COLLECTED.clear();
    }

    @Test
    void runsTheFlowOnTheGivenWorkers() {
        Cli.Result r = Cli.real().execute("run", Flows.class.getName(), "-w", "2", "-s", "100ms");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Flows.collectedSorted()).containsExactly("A", "B", "C");
        // Not a terminal: no status line, only the summary.
        assertThat(r.err()).matches("dataflow 'letters' done in [0-9.]+ s: 3 items in, 3 out, 1 epoch\\R");
    }

    @Test
    void withQuiet_printsNothing() {
        Cli.Result r = Cli.real().execute("run", Flows.class.getName(), "-w", "2", "--quiet");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Flows.collectedSorted()).containsExactly("A", "B", "C");
    }

    @Test
    void withMetricsPort_runsWithTheMetricsModuleFromTheDefaultClasspath() {
        Cli.Result r = Cli.real().execute("run", Flows.class.getName(), "--metrics-port", "0",
                "--metrics-host", "127.0.0.1", "-q");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Flows.collectedSorted()).containsExactly("A", "B", "C");
    }

    @Test
    void localProcessesGetThisJvmsSystemProperties(@TempDir Path dir) throws IOException {
        // The surefire JVM runs with -Dflowstate.cli.test.marker=passed-down (see flowstate-cli/pom.xml).
        Path out = dir.resolve("property.txt");

        Cli.Result r = Cli.real().execute("run", Flows.class.getName() + ":systemProperty", "-p", "2", "--",
                out.toString(), "flowstate.cli.test.marker");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("passed-down");
    }

    @Test
    void runsAnExampleFromTheDefaultClasspath(@TempDir Path dir) throws IOException {
        Path in = Files.writeString(dir.resolve("in.txt"), "b a b\nc, B!\n");
        Path out = dir.resolve("out.tsv");

        Cli.Result r = Cli.real().execute("run", "dev.flowstate.examples.WordCount", "-w", "2", "--",
                "--input", in.toString(), "--output", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).containsExactlyInAnyOrderElementsOf(List.of("a\t1", "b\t3", "c\t1"));
    }

    @Test
    void whenTheRunFails_printsOneLineNamingTheStepAndExitsOne() {
        Cli.Result r = Cli.real().execute("run", Flows.class.getName() + ":failing", "-w", "2");

        assertThat(oneLineError(r, 1)).contains("dataflow 'failing' failed").contains("explode").contains("kaboom on x");
    }

    @Test
    void runsAnExampleOnTwoLocalProcesses_sameResultAsOneProcess(@TempDir Path dir) throws IOException {
        Path in = Files.writeString(dir.resolve("in.txt"), "b a b\nc, B!\n".repeat(500));
        Path out = dir.resolve("out.tsv");

        Cli.Result r = Cli.real().execute("run", "dev.flowstate.examples.WordCount", "-p", "2", "-w", "2", "-s", "100ms",
                "--", "--input", in.toString(), "--output", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).containsExactlyInAnyOrderElementsOf(List.of("a\t500", "b\t1500", "c\t500"));
    }

    @Test
    void whenOneLocalProcessFails_theRunExitsOne(@TempDir Path dir) {
        Cli.Result r = Cli.real().execute("run", "dev.flowstate.examples.WordCount", "-p", "2", "--",
                "--input", dir.resolve("missing.txt").toString(), "--output", dir.resolve("out.tsv").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("the local cluster failed: process");
    }

    @Test
    void whenOneLocalProcessIsKilled_theLauncherNamesIt_notTheFirstInPollingOrder(@TempDir Path dir)
            throws Exception {
        java.util.concurrent.CompletableFuture<Cli.Result> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Cli.real().execute("run", dev.flowstate.cli.fixtures.SlowFlows.class.getName() + ":endless",
                        "-p", "3", "--", dir.toString()));
        ProcessHandle victim = null;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
        // Wait until all three workers read (the cluster formed), so the survivors fail fast once 2 dies.
        while (System.nanoTime() < deadline && !(Files.exists(dir.resolve("running-0"))
                && Files.exists(dir.resolve("running-1")) && Files.exists(dir.resolve("running-2")))) {
            Thread.sleep(20);
        }
        // With one worker per process, worker 2 is process 2; its file holds its pid (written before it reads on).
        if (Files.exists(dir.resolve("running-2"))) {
            String pid = "";
            while (pid.isEmpty() && System.nanoTime() < deadline) {
                pid = Files.readString(dir.resolve("running-2")).strip();
            }
            victim = pid.isEmpty() ? null : ProcessHandle.of(Long.parseLong(pid)).orElse(null);
        }
        assertThat(victim).as("process 2 started").isNotNull();
        victim.destroyForcibly(); // SIGKILL: the others fail later, when they notice

        Cli.Result r = run.get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("the local cluster failed: process 2 exited with status 137 (killed by signal 9)");
    }
}
