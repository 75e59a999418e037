package dev.flowstate.internal.runtime;

import dev.flowstate.RunConfig;
import dev.flowstate.internal.plan.Plan;

/** One run of a plan on N workers. (Being written: the engine lands in the next commit.) */
public final class Execution {
    public Execution(Plan plan, RunConfig config, boolean onCallerThread) {
    }

    public void run() {
        throw new UnsupportedOperationException("engine not yet committed");
    }
}
