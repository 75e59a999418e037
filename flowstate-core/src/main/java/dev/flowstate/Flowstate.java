package dev.flowstate;

import dev.flowstate.internal.plan.Plan;
import dev.flowstate.internal.runtime.Execution;

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
}
