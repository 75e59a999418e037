package dev.flowstate.metrics;

import dev.flowstate.RunView;
import dev.flowstate.internal.metrics.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live state of a run as JSON, for the page and for scripts ({@code /status}). Per step it sums the local workers
 * and adds the current rates (items per second over the last second or so), which {@link #sample} keeps: one call a
 * second from the server's timer.
 */
final class StatusJson {
    /** Totals of one step over the local workers. */
    private record Totals(String kind, long in, long out, long busyNanos) {
        Totals plus(RunView.Step s) {
            return new Totals(kind, in + s.itemsIn(), out + s.itemsOut(), busyNanos + s.busyNanos());
        }
    }

    private record Rates(double in, double out) {
    }

    private final RunView run;
    private Map<String, Totals> previous = Map.of();
    private long previousNanos = System.nanoTime();
    private volatile Map<String, Rates> rates = Map.of();

    StatusJson(RunView run) {
        this.run = run;
    }

    private Map<String, Totals> totals() {
        Map<String, Totals> byStep = new LinkedHashMap<>();
        for (RunView.Step s : run.steps()) {
            byStep.merge(s.stepId(), new Totals(s.kind(), 0, 0, 0).plus(s), (a, b) -> a.plus(s));
        }
        return byStep;
    }

    /** Takes a sample and updates the rates from the previous one. Called by one timer thread. */
    void sample() {
        long now = System.nanoTime();
        Map<String, Totals> current = totals();
        double seconds = (now - previousNanos) / 1e9;
        if (seconds <= 0) {
            return;
        }
        Map<String, Rates> next = new LinkedHashMap<>();
        for (Map.Entry<String, Totals> e : current.entrySet()) {
            Totals before = previous.getOrDefault(e.getKey(), new Totals(e.getValue().kind(), 0, 0, 0));
            next.put(e.getKey(), new Rates((e.getValue().in() - before.in()) / seconds,
                    (e.getValue().out() - before.out()) / seconds));
        }
        rates = next;
        previous = current;
        previousNanos = now;
    }

    String render() {
        StringBuilder sb = new StringBuilder(1024).append('{');
        field(sb, "dataflow", Json.quote(run.dataflowName()));
        field(sb, "process", run.processId());
        field(sb, "processes", run.processes());
        field(sb, "totalWorkers", run.totalWorkers());
        field(sb, "startedAtMillis", run.startedAtMillis());
        field(sb, "finished", run.finished());
        field(sb, "committedEpoch", run.committedEpoch());
        sb.append("\"steps\":[");
        Map<String, Rates> r = rates;
        String sep = "";
        for (Map.Entry<String, Totals> e : totals().entrySet()) {
            Totals t = e.getValue();
            Rates rate = r.getOrDefault(e.getKey(), new Rates(0, 0));
            sb.append(sep).append('{');
            field(sb, "id", Json.quote(e.getKey()));
            field(sb, "kind", Json.quote(t.kind()));
            field(sb, "in", t.in());
            field(sb, "out", t.out());
            field(sb, "inRate", round(rate.in()));
            field(sb, "outRate", round(rate.out()));
            last(sb, "busySeconds", round(t.busyNanos() / 1e9));
            sb.append('}');
            sep = ",";
        }
        sb.append("],\"workers\":[");
        sep = "";
        for (RunView.Worker w : run.workers()) {
            sb.append(sep).append('{');
            field(sb, "index", w.index());
            field(sb, "epoch", w.epoch());
            field(sb, "backlog", w.backlog());
            field(sb, "parkedSeconds", round(w.parkedNanos() / 1e9));
            field(sb, "ready", w.ready());
            last(sb, "done", w.done());
            sb.append('}');
            sep = ",";
        }
        sb.append("],\"partitions\":[");
        sep = "";
        for (RunView.Partition p : run.partitions()) {
            sb.append(sep).append('{');
            field(sb, "step", Json.quote(p.stepId()));
            field(sb, "partition", Json.quote(p.partition()));
            field(sb, "worker", p.worker());
            field(sb, "read", p.itemsRead());
            field(sb, "position", p.position());
            last(sb, "lag", p.lag());
            sb.append('}');
            sep = ",";
        }
        RunView.Recovery rec = run.recovery();
        sb.append("],\"recovery\":{");
        field(sb, "enabled", rec.enabled());
        field(sb, "resumeEpoch", rec.resumeEpoch());
        field(sb, "resumeSeconds", round(rec.resumeNanos() / 1e9));
        field(sb, "commits", rec.commits());
        field(sb, "snapshotRows", rec.snapshotRows());
        field(sb, "snapshotBytes", rec.snapshotBytes());
        field(sb, "commitSeconds", round(rec.commitNanos() / 1e9));
        last(sb, "lastCommitSeconds", round(rec.lastCommitNanos() / 1e9));
        sb.append("},\"peers\":[");
        sep = "";
        for (RunView.Peer p : run.peers()) {
            sb.append(sep).append('{');
            field(sb, "process", p.processId());
            field(sb, "address", Json.quote(p.address()));
            field(sb, "bytesSent", p.bytesSent());
            field(sb, "framesSent", p.framesSent());
            field(sb, "bytesReceived", p.bytesReceived());
            field(sb, "framesReceived", p.framesReceived());
            last(sb, "creditWaitSeconds", round(p.creditWaitNanos() / 1e9));
            sb.append('}');
            sep = ",";
        }
        return sb.append("]}").toString();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void field(StringBuilder sb, String name, Object value) {
        last(sb, name, value);
        sb.append(',');
    }

    private static void last(StringBuilder sb, String name, Object value) {
        sb.append('"').append(name).append("\":").append(value);
    }
}
