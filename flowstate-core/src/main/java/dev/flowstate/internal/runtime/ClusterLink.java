package dev.flowstate.internal.runtime;

import java.util.List;

/**
 * What an {@link Execution} needs from the transport when it is one process of a cluster: channels to and from
 * workers of other processes, the start agreement (execution number and resume epoch, decided by process 0), and
 * the exchange of worker frontiers and failures. Implemented in {@code dev.flowstate.internal.cluster}.
 */
public interface ClusterLink {
    /** Receives what other processes report. */
    interface Listener {
        void remoteFrontier(int worker, long frontier, boolean finished);

        /** A peer failed or was lost; {@code message} names it. */
        void remoteFailure(String message);
    }

    int processId();

    int processes();

    /** Sending half of a channel from local worker {@code src} to remote worker {@code dst}. */
    Channel outbound(String stepId, int exchange, int src, int dst, Runnable wakeSender);

    /** Receiving half of a channel from remote worker {@code src} to local worker {@code dst}. */
    Channel inbound(int exchange, int src, int dst, Runnable wakeReceiver);

    /** Process 0: tells every peer the execution and resume epoch it began. */
    void sendStart(long execution, long resumeEpoch);

    /** Other processes: waits for process 0's start message; returns {execution, resumeEpoch}. */
    long[] awaitStart();

    /** Delivers remote frontiers and failures (including those that arrived before) to {@code listener}. */
    void bind(Listener listener);

    void publishFrontier(int worker, long frontier, boolean finished);

    /** This process failed: tells every peer (so they stop at once) and closes. */
    void abort(String message);

    /** This process finished: says goodbye to every peer and closes. */
    void close();

    /** Traffic counters of the connection to each other process, for observers. */
    default List<? extends dev.flowstate.RunView.Peer> peers() {
        return List.of();
    }
}
