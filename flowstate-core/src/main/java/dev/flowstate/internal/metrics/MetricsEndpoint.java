package dev.flowstate.internal.metrics;

import dev.flowstate.RunObserver;

import java.net.InetSocketAddress;

/**
 * Serves a run's metrics over HTTP: what {@link dev.flowstate.RunConfig#withMetrics} asks for. Implemented by the
 * {@code flowstate-metrics} module and found with {@link java.util.ServiceLoader}, so flowstate-core carries neither
 * Micrometer nor an HTTP server.
 */
public interface MetricsEndpoint {
    /** An observer serving the run it observes on {@code address} (port 0: any free port) until the run ends. */
    RunObserver open(InetSocketAddress address);
}
