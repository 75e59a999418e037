package dev.flowstate.metrics;

import dev.flowstate.RunObserver;
import dev.flowstate.internal.metrics.MetricsEndpoint;

import java.net.InetSocketAddress;

/** What {@code RunConfig.withMetricsPort} finds through {@link java.util.ServiceLoader}: a {@link MetricsServer}. */
public final class PrometheusEndpoint implements MetricsEndpoint {
    @Override
    public RunObserver open(InetSocketAddress address) {
        return MetricsServer.start(address);
    }
}
