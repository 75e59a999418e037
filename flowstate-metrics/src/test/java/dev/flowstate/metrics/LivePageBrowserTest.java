package dev.flowstate.metrics;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page in a real browser: headless Chromium (Debian's package, installed by .ci/run) loads the page of a
 * running dataflow, lets its script poll, and dumps the DOM; the rates it shows are non-zero and change between two
 * loads. A screenshot is kept in target/live-page.png.
 */
class LivePageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern RATE = Pattern.compile(
            "data-step=\"([^\"]+)\"[^>]*>.*?class=\"rate\" data-rate=\"([0-9.]+)\"", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void livePage_showsTheGraphWithChangingRates() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            // CI installs Chromium (.ci/run); elsewhere the test needs `apt-get install -y chromium`.
            assertThat(System.getenv("CI")).as("Chromium is missing on CI at " + CHROMIUM).isNotEqualTo("true");
            Assumptions.abort("no Chromium at " + CHROMIUM + "; install it with: apt-get install -y chromium");
        }
        try (LiveRun run = new LiveRun(dir.resolve("store"))) {
            run.await("/status", s -> MetricsServerTest.stepIn(s, "out") > 0 && s.contains("\"inRate\":")
                    && !s.contains("\"committedEpoch\":0,"));
            String first = dumpDom(run.url("/"));
            Map<String, Double> rates1 = rates(first);
            assertThat(rates1).containsKeys("numbers", "double", "by_last_digit", "running_count", "format", "out");
            assertThat(rates1.get("numbers")).as("input rate on the page").isPositive();
            assertThat(rates1.get("running_count")).as("stateful step rate on the page").isPositive();
            assertThat(first).contains("live_counts", "running · epoch", "last committed epoch", "resumed at epoch");

            // The page updates: a later load (the run goes on) shows other rates and totals.
            String second = first;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (rates(second).equals(rates1) && System.nanoTime() < deadline) {
                second = dumpDom(run.url("/"));
            }
            assertThat(rates(second)).as("rates after a while").isNotEqualTo(rates1);

            Path shot = Path.of("target", "live-page.png").toAbsolutePath();
            chromium(List.of("--screenshot=" + shot, "--window-size=1280,860", "--virtual-time-budget=3000", run.url("/")));
            assertThat(shot).exists();
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }

    private static Map<String, Double> rates(String dom) {
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = RATE.matcher(dom);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    /** Loads the page, lets its script run (virtual time, so its polls happen at once), returns the DOM. */
    private String dumpDom(String url) throws IOException, InterruptedException {
        return chromium(List.of("--dump-dom", "--virtual-time-budget=3000", url));
    }

    private String chromium(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile")));
        cmd.addAll(args);
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Path err = Files.createTempFile(dir, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + Files.readString(err));
        }
        assertThat(p.exitValue()).as("chromium exit status; stderr: " + Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
