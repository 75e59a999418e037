package dev.flowstate.metrics;

import dev.flowstate.RunView;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link RunView} to Micrometer meters named the Prometheus way ({@code flowstate_..._total} counters in base
 * units: seconds, bytes). Meters read the view's counters when scraped; nothing is recorded on the data path. Steps,
 * workers and partitions appear while the workers build, so {@link #refresh} binds what is new before each scrape.
 */
final class RunMeters {
    private static final double NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RunView run;
    private final MeterRegistry registry;
    private final Set<Object> bound = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Tags common;

    RunMeters(RunView run, MeterRegistry registry) {
        this.run = run;
        this.registry = registry;
        this.common = Tags.of("dataflow", run.dataflowName(), "process", Integer.toString(run.processId()));
        bindRun();
    }

    private void bindRun() {
        gauge("flowstate.committed.epoch", run, RunView::committedEpoch, Tags.empty(),
                "latest epoch every worker completed (and, with recovery, made durable)");
        RunView.Recovery r = run.recovery();
        gauge("flowstate.recovery.resume.epoch", r, RunView.Recovery::resumeEpoch, Tags.empty(), "epoch this run resumed at");
        gauge("flowstate.recovery.resume.seconds", r, x -> x.resumeNanos() / NANOS, Tags.empty(),
                "time from start until every local worker restored its state and opened its inputs");
        counter("flowstate.recovery.commits", r, RunView.Recovery::commits, Tags.empty(), null, "snapshot commits written");
        counter("flowstate.recovery.snapshot.rows", r, RunView.Recovery::snapshotRows, Tags.empty(), null,
                "snapshot rows written (keyed state, input and output partition states)");
        counter("flowstate.recovery.snapshot", r, RunView.Recovery::snapshotBytes, Tags.empty(), "bytes",
                "bytes of snapshot keys and values written");
        counter("flowstate.recovery.commit", r, x -> x.commitNanos() / NANOS, Tags.empty(), "seconds",
                "total time spent committing snapshots");
        gauge("flowstate.recovery.last.commit.seconds", r, x -> x.lastCommitNanos() / NANOS, Tags.empty(),
                "duration of the latest commit");
    }

    /** Binds the steps, workers, partitions and peers that appeared since the last call. */
    synchronized void refresh() {
        for (RunView.Step s : run.steps()) {
            if (bound.add(s)) {
                Tags t = Tags.of("step", s.stepId(), "kind", s.kind(), "worker", Integer.toString(s.worker()));
                counter("flowstate.step.items.in", s, RunView.Step::itemsIn, t, null, "items the step received on this worker");
                counter("flowstate.step.items.out", s, RunView.Step::itemsOut, t, null, "items the step emitted on this worker");
                counter("flowstate.step.busy", s, x -> x.busyNanos() / NANOS, t, "seconds",
                        "time the worker spent in this step's own code (sampled every 2 ms)");
            }
        }
        for (RunView.Worker w : run.workers()) {
            if (bound.add(w)) {
                Tags t = Tags.of("worker", Integer.toString(w.index()));
                gauge("flowstate.worker.epoch", w, RunView.Worker::epoch, t, "epoch the worker is processing");
                gauge("flowstate.worker.backlog.messages", w, RunView.Worker::backlog, t,
                        "exchange messages waiting for room in a full channel");
                counter("flowstate.worker.parked", w, x -> x.parkedNanos() / NANOS, t, "seconds",
                        "time the worker was parked with nothing to do");
            }
        }
        for (RunView.Partition p : run.partitions()) {
            if (bound.add(p)) {
                Tags t = Tags.of("step", p.stepId(), "partition", p.partition(), "worker", Integer.toString(p.worker()));
                counter("flowstate.input.partition.items", p, RunView.Partition::itemsRead, t, null,
                        "items read from the input partition in this run");
                gauge("flowstate.input.partition.position", p, RunView.Partition::position, t,
                        "the partition's position (connector's offset, else items read)");
                gauge("flowstate.input.partition.lag", p, RunView.Partition::lag, t,
                        "how far the partition trails its source, e.g. Kafka consumer lag; -1 if unknown");
            }
        }
        for (RunView.Peer p : run.peers()) {
            if (bound.add(p)) {
                Tags t = Tags.of("peer", Integer.toString(p.processId()), "address", p.address());
                counter("flowstate.cluster.sent", p, RunView.Peer::bytesSent, t, "bytes", "bytes sent to the peer");
                counter("flowstate.cluster.sent.frames", p, RunView.Peer::framesSent, t, null, "frames sent to the peer");
                counter("flowstate.cluster.received", p, RunView.Peer::bytesReceived, t, "bytes", "bytes received from the peer");
                counter("flowstate.cluster.received.frames", p, RunView.Peer::framesReceived, t, null,
                        "frames received from the peer");
                counter("flowstate.cluster.credit.wait", p, x -> x.creditWaitNanos() / NANOS, t, "seconds",
                        "time channels to the peer were full, waiting for credit");
            }
        }
    }

    private <T> void counter(String name, T obj, ToDoubleFunction<T> f, Tags tags, String unit, String help) {
        FunctionCounter.builder(name, obj, f).tags(common).tags(tags).baseUnit(unit).description(help).register(registry);
    }

    private <T> void gauge(String name, T obj, ToDoubleFunction<T> f, Tags tags, String help) {
        Gauge.builder(name, obj, f).tags(common).tags(tags).description(help).strongReference(true).register(registry);
    }
}
