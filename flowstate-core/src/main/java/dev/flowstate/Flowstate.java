package dev.flowstate;

import dev.flowstate.internal.plan.Plan;
import dev.flowstate.internal.cluster.ClusterTransport;
import dev.flowstate.internal.runtime.Execution;

import java.time.Duration;
import java.util.List;

/**
 * Runs dataflows. {@link #runMain} runs on the calling thread with one worker; {@link #run} runs on the number of
 * worker threads the config asks for. Both return once every input reached its end and everything was written, and
 * throw {@link DataflowException} (after stopping every worker) if anything failed.
 */
public final class Flowstate {
    private Flowstate() {
    }

    /** Runs {@code flow} on the calling thread as a single worker, with default settings. */
    public static void runMain(Dataflow flow) {
        runMain(flow, RunConfig.defaults());
    }

    /** Runs {@code flow} on the calling thread as a single worker; {@code config.workers()} must be 1. */
    public static void runMain(Dataflow flow, RunConfig config) {
        if (config.workers() != 1) {
            throw new IllegalArgumentException("runMain runs one worker on the calling thread; use Flowstate.run for "
                    + config.workers() + " workers");
        }
        new Execution(Plan.of(flow), config, true).run();
    }

    /** Runs {@code flow} on {@code config.workers()} worker threads and waits for it to finish. */
    public static void run(Dataflow flow, RunConfig config) {
        new Execution(Plan.of(flow), config, false).run();
    }

    /**
     * Runs {@code flow} as process {@code processId} of a cluster whose processes listen on {@code addresses}
     * ("host:port", in process-id order), each with {@code config.workers()} workers. Every process must run the
     * same dataflow with the same worker count; with recovery on, all must use the same (shared) recovery directory.
     * Security settings come from the environment ({@link ClusterConfig#fromEnvironment()}): without
     * {@code FLOWSTATE_CLUSTER_SECRET} (or {@code FLOWSTATE_CLUSTER_SECRET_FILE}) the cluster refuses to start.
     */
    public static void clusterMain(Dataflow flow, List<String> addresses, int processId, RunConfig config) {
        clusterMain(flow, addresses, processId, config, ClusterConfig.fromEnvironment());
    }

    /**
     * {@link #clusterMain(Dataflow, List, int, RunConfig)} with an explicit secret and start-up timeout; a null or
     * empty secret runs the cluster unauthenticated (as {@link ClusterConfig#insecure()}), logging a warning.
     */
    public static void clusterMain(Dataflow flow, List<String> addresses, int processId, RunConfig config,
                                   String secret, Duration startupTimeout) {
        ClusterConfig cluster = ClusterConfig.defaults().withStartupTimeout(startupTimeout);
        clusterMain(flow, addresses, processId, config,
                secret == null || secret.isEmpty() ? cluster.insecure() : cluster.withSecret(secret));
    }

    /** {@link #clusterMain(Dataflow, List, int, RunConfig)} with explicit security settings and limits. */
    public static void clusterMain(Dataflow flow, List<String> addresses, int processId, RunConfig config,
                                   ClusterConfig cluster) {
        Plan plan = Plan.of(flow);
        if (addresses.size() == 1) {
            new Execution(plan, config, false).run();
            return;
        }
        ClusterTransport transport = ClusterTransport.connect(addresses, processId, config.workers(), plan.fingerprint(),
                cluster);
        new Execution(plan, config, false, transport).run();
    }
}
