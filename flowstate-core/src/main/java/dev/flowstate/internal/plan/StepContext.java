package dev.flowstate.internal.plan;

/** What a running step may ask about where and when it runs. */
public interface StepContext {
    String stepId();

    int workerIndex();

    int workerCount();

    /** The epoch the worker is processing now. */
    long epoch();
}
