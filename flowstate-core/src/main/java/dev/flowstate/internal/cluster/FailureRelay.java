package dev.flowstate.internal.cluster;

import dev.flowstate.DataflowException;
import dev.flowstate.internal.runtime.ClusterLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Hands what peers report to the local run: the start signal, remote frontiers and failures. Whatever arrives before
 * the run binds its {@link ClusterLink.Listener} is kept and replayed on binding, so nothing is lost at start-up; a
 * failure also fails a pending wait for the start signal.
 */
final class FailureRelay {
    private static final Logger LOG = LoggerFactory.getLogger(FailureRelay.class);

    private final int processId;
    private final CompletableFuture<long[]> start = new CompletableFuture<>();
    private final List<long[]> pendingFrontiers = new ArrayList<>();
    private String pendingFailure;
    private volatile ClusterLink.Listener listener;

    FailureRelay(int processId) {
        this.processId = processId;
    }

    void started(long execution, long resumeEpoch) {
        start.complete(new long[] {execution, resumeEpoch});
    }

    long[] awaitStart() {
        try {
            return start.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataflowException("interrupted while waiting for process 0 to start", e);
        } catch (ExecutionException e) {
            throw new DataflowException(e.getCause().getMessage(), null);
        }
    }

    void bind(ClusterLink.Listener l) {
        List<long[]> replay;
        String failure;
        synchronized (this) {
            listener = l;
            replay = new ArrayList<>(pendingFrontiers);
            pendingFrontiers.clear();
            failure = pendingFailure;
        }
        for (long[] f : replay) {
            l.remoteFrontier((int) f[0], f[1], f[2] != 0);
        }
        if (failure != null) {
            l.remoteFailure(failure);
        }
    }

    void frontier(int worker, long frontier, boolean finished) {
        ClusterLink.Listener l = listener;
        if (l == null) {
            synchronized (this) {
                l = listener;
                if (l == null) {
                    pendingFrontiers.add(new long[] {worker, frontier, finished ? 1 : 0});
                }
            }
        }
        if (l != null) {
            l.remoteFrontier(worker, frontier, finished);
        }
    }

    void failed(String message) {
        LOG.error("process {}: {}", processId, message);
        start.completeExceptionally(new DataflowException(message, null));
        ClusterLink.Listener l;
        synchronized (this) {
            l = listener;
            if (l == null && pendingFailure == null) {
                pendingFailure = message;
            }
        }
        if (l != null) {
            l.remoteFailure(message);
        }
    }
}
