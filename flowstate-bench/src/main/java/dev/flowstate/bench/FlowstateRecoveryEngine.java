package dev.flowstate.bench;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.recovery.RecoveryConfig;

import java.io.IOException;
import java.time.Duration;

/**
 * The in-process engine with recovery on: a fresh store of one kind ({@link BenchStores}) per run (so nothing is
 * resumed), a snapshot every second. Measures the cost of epoch snapshots against {@link FlowstateEngine}. Creating
 * and deleting the store is not timed; writing snapshots during the run is.
 */
final class FlowstateRecoveryEngine implements Engine {
    static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(1);

    private final int workers;
    private final String store;
    private final BenchStores stores;

    FlowstateRecoveryEngine(int workers, String store, BenchStores stores) {
        this.workers = workers;
        this.store = store;
        this.stores = stores;
    }

    @Override
    public String name() {
        return "flowstate-recovery" + BenchStores.suffix(store);
    }

    @Override
    public int workers() {
        return workers;
    }

    /** Only keyed-count has state worth snapshotting. */
    @Override
    public boolean supports(Workload workload) {
        return workload instanceof KeyedCountWorkload;
    }

    @Override
    public Measurement run(Workload workload, String[] events) throws IOException {
        String name = stores.fresh(store, Math.max(2, workers));
        try {
            Tally tally = new Tally();
            Dataflow flow = workload.dataflow(events, workers, tally);
            RunConfig config = RunConfig.defaults().withWorkers(workers)
                    .withRecovery(new RecoveryConfig(name, Duration.ZERO))
                    .withEpochInterval(SNAPSHOT_INTERVAL);
            long start = System.nanoTime();
            Flowstate.run(flow, config);
            return new Measurement(tally.totals(), System.nanoTime() - start);
        } finally {
            stores.discard(name);
        }
    }
}
