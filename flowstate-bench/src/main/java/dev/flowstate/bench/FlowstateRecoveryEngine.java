package dev.flowstate.bench;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The in-process engine with recovery on: a fresh recovery directory per run (so nothing is resumed), a snapshot
 * every second. Measures the cost of epoch snapshots against {@link FlowstateEngine}. Creating and deleting the
 * store is not timed; writing snapshots during the run is.
 */
final class FlowstateRecoveryEngine implements Engine {
    static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(1);

    private final int workers;

    FlowstateRecoveryEngine(int workers) {
        this.workers = workers;
    }

    @Override
    public String name() {
        return "flowstate-recovery";
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
        Path dir = Files.createTempDirectory("flowstate-bench-recovery-");
        try {
            Recovery.init(dir, workers);
            Tally tally = new Tally();
            Dataflow flow = workload.dataflow(events, workers, tally);
            RunConfig config = RunConfig.defaults().withWorkers(workers)
                    .withRecovery(new RecoveryConfig(dir, Duration.ZERO))
                    .withEpochInterval(SNAPSHOT_INTERVAL);
            long start = System.nanoTime();
            Flowstate.run(flow, config);
            return new Measurement(tally.totals(), System.nanoTime() - start);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
