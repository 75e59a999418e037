package dev.flowstate.bench;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;

/**
 * The in-process engine: {@code Flowstate.run} on {@code workers} threads, the source split into one slice per
 * worker. Only {@code Flowstate.run} is timed; building the dataflow is not.
 */
final class FlowstateEngine implements Engine {
    private final int workers;

    FlowstateEngine(int workers) {
        this.workers = workers;
    }

    @Override
    public String name() {
        return "flowstate";
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public Measurement run(Workload workload, String[] events) {
        Tally tally = new Tally();
        Dataflow flow = workload.dataflow(events, workers, tally);
        RunConfig config = RunConfig.defaults().withWorkers(workers);
        long start = System.nanoTime();
        Flowstate.run(flow, config);
        return new Measurement(tally.totals(), System.nanoTime() - start);
    }
}
