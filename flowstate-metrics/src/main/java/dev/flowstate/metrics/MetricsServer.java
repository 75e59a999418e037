package dev.flowstate.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowstate.RunObserver;
import dev.flowstate.RunView;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Serves one run over HTTP while it goes on: {@code /metrics} (Prometheus text format, via Micrometer),
 * {@code /dataflow} (the plan as JSON), {@code /status} (live counters and rates as JSON) and the live page at
 * {@code /}. Binds when created, so {@link #port()} is known before the run starts; stops when the run ends.
 * Uses the JDK's HTTP server on one daemon thread: scrapes and page polls are rare and cheap.
 */
public final class MetricsServer implements RunObserver {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final Map<String, String> PAGE = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");

    private final HttpServer server;
    private final ScheduledExecutorService timer;
    private volatile RunView run;
    private volatile RunMeters meters;
    private volatile StatusJson status;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private MetricsServer(HttpServer server) {
        this.server = server;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flowstate-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(timer);
        server.createContext("/", this::handle);
    }

    /** Binds {@code address} (port 0: any free port) and starts serving; the run's data appears once it starts. */
    public static MetricsServer start(InetSocketAddress address) {
        try {
            HttpServer server = HttpServer.create(address, 16);
            MetricsServer m = new MetricsServer(server);
            server.start();
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on " + address + ": " + e.getMessage()
                    + "; choose another port (0: any free one)", e);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void started(RunView run) {
        this.meters = new RunMeters(run, registry);
        this.status = new StatusJson(run);
        this.run = run; // last: requests check it before using the others
        timer.scheduleAtFixedRate(status::sample, 1, 1, TimeUnit.SECONDS);
        LOG.info("dataflow '{}': metrics at http://{}:{}/metrics, live page at http://{}:{}/", run.dataflowName(),
                host(), port(), host(), port());
    }

    @Override
    public void finished(RunView run, Throwable failure) {
        stop();
    }

    /** Stops serving. */
    public void stop() {
        server.stop(0);
        timer.shutdownNow();
    }

    private String host() {
        InetSocketAddress a = server.getAddress();
        return a.getAddress().isAnyLocalAddress() ? "localhost" : a.getHostString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "only GET\n");
            } else if (run == null && !PAGE.containsKey(path)) {
                send(exchange, 503, "text/plain", "the dataflow has not started yet\n");
            } else if (path.equals("/metrics")) {
                meters.refresh();
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            } else if (path.equals("/dataflow")) {
                send(exchange, 200, "application/json", run.planJson());
            } else if (path.equals("/status")) {
                send(exchange, 200, "application/json", status.render());
            } else if (PAGE.containsKey(path)) {
                page(exchange, PAGE.get(path));
            } else {
                send(exchange, 404, "text/plain", "no such page; try /, /metrics, /dataflow or /status\n");
            }
        } catch (RuntimeException e) {
            LOG.warn("serving {} failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private static void page(HttpExchange exchange, String file) throws IOException {
        try (InputStream in = MetricsServer.class.getResourceAsStream("page/" + file)) {
            if (in == null) {
                send(exchange, 404, "text/plain", "missing resource " + file + "\n");
                return;
            }
            String type = file.endsWith(".html") ? "text/html; charset=utf-8"
                    : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            send(exchange, 200, type, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
