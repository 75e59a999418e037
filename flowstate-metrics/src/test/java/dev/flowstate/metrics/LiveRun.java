package dev.flowstate.metrics;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAndValue;
import dev.flowstate.io.DynamicSink;
import dev.flowstate.io.SinkPartition;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A dataflow running in the background with recovery on and a {@link MetricsServer} on a free loopback port, for
 * tests that look at it over HTTP: input, map, key, running count per key, format, output (2 workers).
 */
final class LiveRun implements AutoCloseable {
    private final PacedSource source = new PacedSource(200);
    private final MetricsServer server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0));
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private final HttpClient http = HttpClient.newHttpClient();

    LiveRun(Path recoveryDir) {
        Recovery.init(recoveryDir, 2);
        Dataflow flow = new Dataflow("live_counts");
        flow.input("numbers", source)
                .map("double", n -> n * 2)
                .keyOn("by_last_digit", n -> Long.toString(n % 10))
                .statefulMap("running_count", () -> 0L, (count, n) -> StateAndValue.of(count + 1, count + 1))
                .map("format", (KeyValue<String, Long> kv) -> kv.key() + "=" + kv.value())
                .output("out", (DynamicSink<String>) (w, n) -> new Discard());
        RunConfig config = RunConfig.defaults().withWorkers(2).withEpochInterval(Duration.ofMillis(200))
                .withRecovery(RecoveryConfig.of(recoveryDir)).withObserver(server);
        thread = new Thread(() -> {
            try {
                Flowstate.run(flow, config);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "live-run");
        thread.setDaemon(true);
        thread.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code path} until its body satisfies {@code ok}; fails after 60 s. */
    String await(String path, Predicate<String> ok) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            checkAlive();
            HttpResponse<String> r = get(path);
            last = r.body();
            if (r.statusCode() == 200 && ok.test(last)) {
                return last;
            }
            Thread.sleep(100); // a bounded poll for a condition, not a wait for time to pass
        }
        throw new AssertionError("condition on " + path + " not met within 60 s; last body: " + last);
    }

    void checkAlive() {
        if (failure.get() != null) {
            throw new AssertionError("the dataflow failed", failure.get());
        }
    }

    /** Ends the input and waits for the run to finish. */
    @Override
    public void close() throws InterruptedException {
        source.stop();
        thread.join(60_000);
        checkAlive();
    }

    private static final class Discard implements SinkPartition<String, Void> {
        @Override
        public void writeBatch(List<String> items) {
        }

        @Override
        public Void snapshot() {
            return null;
        }
    }
}
