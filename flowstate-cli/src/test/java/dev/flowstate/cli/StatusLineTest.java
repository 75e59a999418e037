package dev.flowstate.cli;

import dev.flowstate.internal.metrics.RunMetrics;
import dev.flowstate.internal.metrics.WorkerCounters;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StatusLineTest {
    private static RunMetrics run(WorkerCounters worker) {
        RunMetrics run = new RunMetrics("counts", "{}", 0, 1, 1, List.of());
        run.addWorker(worker);
        return run;
    }

    @Test
    void onATerminal_redrawsOneLineInPlace_thenClearsItForTheSummary() throws Exception {
        WorkerCounters worker = new WorkerCounters(0);
        RunMetrics run = run(worker);
        run.step(worker, "in", "input").out.add(12_345);
        run.step(worker, "out", "output").in.add(12);
        worker.epoch.set(3);
        StringWriter text = new StringWriter();
        PrintWriter err = new PrintWriter(text);
        StatusLine line = new StatusLine(err, true, "");

        line.started(run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!snapshot(text, err).contains("items/s") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        line.finished(run, null);

        String out = text.toString();
        assertThat(out).startsWith("\r\033[Kcounts: ").contains("12.3k read, epoch 3, last commit none yet");
        assertThat(out).doesNotContain("\n" + "counts:"); // redrawn in place, never on a new line
        assertThat(out).endsWith("\r\033[Kdataflow 'counts' done in " + out.substring(out.lastIndexOf("done in ") + 8));
        assertThat(out.substring(out.lastIndexOf("\033[K") + 3))
                .matches("dataflow 'counts' done in [0-9.]+ s: 12.3k items in, 12 out, 3 epochs\\R");
    }

    @Test
    void notATerminal_printsOnlyTheSummary_andNothingWhenTheRunFailed() {
        WorkerCounters worker = new WorkerCounters(0);
        RunMetrics run = run(worker);
        worker.epoch.set(1);
        StringWriter text = new StringWriter();
        StatusLine line = new StatusLine(new PrintWriter(text), false, "process 1: ");

        line.started(run);
        line.finished(run, null);
        assertThat(text.toString()).matches("process 1: dataflow 'counts' done in [0-9.]+ s: 0 items in, 0 out, 1 epoch\\R");

        StringWriter failed = new StringWriter();
        StatusLine other = new StatusLine(new PrintWriter(failed), false, "");
        other.started(run);
        other.finished(run, new RuntimeException("boom"));
        assertThat(failed.toString()).isEmpty();
    }

    private static String snapshot(StringWriter text, PrintWriter err) {
        synchronized (err) {
            return text.toString();
        }
    }
}
