package dev.flowstate.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsServerTest {
    @TempDir
    Path dir;

    @Test
    void whileRunning_metricsDataflowAndStatusAreServed() throws Exception {
        try (LiveRun run = new LiveRun(dir.resolve("store"))) {
            // Wait until items flowed through every step and at least one epoch was committed.
            String status = run.await("/status", s -> s.contains("\"committedEpoch\":")
                    && !s.contains("\"committedEpoch\":0,") && stepIn(s, "format") > 0);
            assertThat(status).contains("\"dataflow\":\"live_counts\"", "\"totalWorkers\":2", "\"enabled\":true");

            String metrics = run.await("/metrics", m -> value(m, "flowstate_recovery_commits_total") > 0
                    && value(m, "flowstate_recovery_snapshot_rows_total") > 0);
            assertThat(metrics).contains(
                    "flowstate_step_items_in_total{",
                    "flowstate_step_items_out_total{",
                    "flowstate_step_busy_seconds_total{",
                    "flowstate_worker_epoch{",
                    "flowstate_worker_backlog_messages{",
                    "flowstate_worker_parked_seconds_total{",
                    "flowstate_input_partition_items_total{",
                    "flowstate_input_partition_position{",
                    "flowstate_input_partition_lag{",
                    "flowstate_recovery_snapshot_bytes_total",
                    "flowstate_recovery_commit_seconds_total",
                    "flowstate_recovery_resume_epoch",
                    "flowstate_recovery_resume_seconds",
                    "flowstate_committed_epoch",
                    "step=\"running_count\"", "kind=\"stateful_map\"", "dataflow=\"live_counts\"");
            assertThat(metrics).contains("flowstate_input_partition_lag{dataflow=\"live_counts\",partition=\"p0\"");
            assertThat(value(metrics, "flowstate_input_partition_lag")).isEqualTo(2 * 7); // two partitions

            String plan = run.get("/dataflow").body();
            assertThat(plan).startsWith("{\"name\":\"live_counts\",\"steps\":[")
                    .contains("{\"id\":\"running_count\",\"kind\":\"stateful_map\",")
                    .contains("\"exchange\":\"key\"")
                    .contains("{\"from\":\"format\",\"to\":\"out\",\"port\":0,\"label\":\"\",\"exchange\":null}");

            assertThat(run.get("/").body()).contains("<svg id=\"graph\"", "app.js");
            assertThat(run.get("/app.js").statusCode()).isEqualTo(200);
            assertThat(run.get("/nope").statusCode()).isEqualTo(404);
        }
    }

    /** Items into {@code step} summed over workers, from /status. */
    static long stepIn(String status, String step) {
        Matcher m = Pattern.compile("\\{\"id\":\"" + step + "\",\"kind\":\"[^\"]*\",\"in\":(\\d+)").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The sum of every sample of {@code metric} in a Prometheus text exposition. */
    static double value(String exposition, String metric) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + metric + "(\\{[^}]*})? ([-0-9.E]+)$").matcher(exposition);
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }
}
