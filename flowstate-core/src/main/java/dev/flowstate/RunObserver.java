package dev.flowstate;

/**
 * Watches a run: told when it starts, with a live {@link RunView}, and when it ends. Add with
 * {@link RunConfig#withObserver}. The metrics endpoint ({@code flowstate-metrics}) and the CLI's status line are
 * observers. Called on the thread that runs the dataflow; an observer that does work while the run goes on starts
 * its own (daemon) thread and must not block the calls below.
 */
public interface RunObserver {
    /** The run is about to start its workers; {@code run} stays valid (and live) until and after {@link #finished}. */
    void started(RunView run);

    /** The run ended: normally when {@code failure} is null. Called once for every {@link #started} call. */
    default void finished(RunView run, Throwable failure) {
    }
}
