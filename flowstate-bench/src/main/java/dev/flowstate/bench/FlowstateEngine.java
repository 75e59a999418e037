package dev.flowstate.bench;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;

import java.net.InetSocketAddress;
import java.util.function.UnaryOperator;

/**
 * The in-process engine: {@code Flowstate.run} on {@code workers} threads, the source split into one slice per
 * worker. Only {@code Flowstate.run} is timed; building the dataflow is not. {@link #withMetrics} is the same with the
 * metrics endpoint on (every step counted, busy time sampled, a Prometheus server on a loopback port).
 */
final class FlowstateEngine implements Engine {
    private final String name;
    private final int workers;
    private final UnaryOperator<RunConfig> configure;

    FlowstateEngine(int workers) {
        this("flowstate", workers, c -> c);
    }

    private FlowstateEngine(String name, int workers, UnaryOperator<RunConfig> configure) {
        this.name = name;
        this.workers = workers;
        this.configure = configure;
    }

    /** engine=flowstate-metrics: metrics on, to measure their cost against plain flowstate (keyed-count only). */
    static FlowstateEngine withMetrics(int workers) {
        return new FlowstateEngine("flowstate-metrics", workers,
                c -> c.withMetrics(new InetSocketAddress("127.0.0.1", 0)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public boolean supports(Workload workload) {
        return name.equals("flowstate") || workload instanceof KeyedCountWorkload;
    }

    @Override
    public Measurement run(Workload workload, String[] events) {
        Tally tally = new Tally();
        Dataflow flow = workload.dataflow(events, workers, tally);
        RunConfig config = configure.apply(RunConfig.defaults().withWorkers(workers));
        long start = System.nanoTime();
        Flowstate.run(flow, config);
        return new Measurement(tally.totals(), System.nanoTime() - start);
    }
}
