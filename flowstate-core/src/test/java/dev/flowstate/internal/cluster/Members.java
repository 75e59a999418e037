package dev.flowstate.internal.cluster;

import dev.flowstate.ClusterConfig;
import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.internal.plan.Plan;
import dev.flowstate.io.ManualInput;
import dev.flowstate.testing.TestingSink;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real cluster members on loopback (each on its own thread, with its own transport, as separate JVMs would be) and
 * the expected result of their run: a keyed count over 0..TOTAL-1 (key i % KEYS). Also the cluster tests' shared
 * helpers (free addresses, the keyed-count dataflow).
 */
public final class Members {
    static final long TOTAL = 20_000;
    static final int KEYS = 100;
    static final String SECRET = "members-test-secret";

    final List<String> addresses;
    final List<KeyValue<String, Long>> out = Collections.synchronizedList(new ArrayList<>());
    final ClusterConfig config;
    private final List<CompletableFuture<Throwable>> running = new ArrayList<>();

    Members(int processes, ClusterConfig config) throws IOException {
        this.addresses = freeAddresses(processes);
        this.config = config;
    }

    /** A secret, generous start-up and handshake timeouts (so a delay caused by an attack would show). */
    static ClusterConfig secured() {
        return ClusterConfig.defaults().withSecret(SECRET).withStartupTimeout(Duration.ofSeconds(60))
                .withHandshakeTimeout(Duration.ofSeconds(30));
    }

    /** {@code n} loopback addresses on ports that were free a moment ago. */
    public static List<String> freeAddresses(int n) throws IOException {
        List<String> out = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ServerSocket s = new ServerSocket(0);
            held.add(s);
            out.add("127.0.0.1:" + s.getLocalPort());
        }
        for (ServerSocket s : held) {
            s.close();
        }
        return out;
    }

    Dataflow flow() {
        return keyedCount("members", TOTAL, KEYS, -1, out);
    }

    /**
     * Keyed count over 0..total-1 (key "k" + i % keys), resumable; {@code poison} >= 0 makes step 'check' throw on
     * that item.
     */
    public static Dataflow keyedCount(String name, long total, int keys, long poison, List<KeyValue<String, Long>> out) {
        Dataflow flow = new Dataflow(name);
        flow.input("in", ManualInput.<Long>of((w, n, state) -> {
                    long start = state == null ? w : (Long) state;
                    Iterator<Long> it = LongStream.iterate(start, i -> i < total, i -> i + n).iterator();
                    return new Iterator<>() {
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        public ManualInput.Resumable<Long> next() {
                            long i = it.next();
                            return new ManualInput.Resumable<>(i + n, i);
                        }
                    };
                }))
                .map("check", i -> {
                    if (i == poison) {
                        throw new IllegalStateException("poison item " + i);
                    }
                    return i;
                })
                .keyOn("key", i -> "k" + (i % keys))
                .countFinal("count")
                .output("out", new TestingSink<>(out));
        return flow;
    }

    String fingerprint() {
        return Plan.of(flow()).fingerprint();
    }

    /** Starts process {@code id} with the members' config. */
    CompletableFuture<Throwable> start(int id) {
        return start(id, config);
    }

    CompletableFuture<Throwable> start(int id, ClusterConfig c) {
        Dataflow flow = flow();
        CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
            try {
                Flowstate.clusterMain(flow, addresses, id, RunConfig.defaults().withEpochInterval(Duration.ofMillis(50)),
                        c);
                return null;
            } catch (Throwable t) {
                return t;
            }
        }, r -> {
            Thread t = new Thread(r, "member-" + id);
            t.setDaemon(true);
            t.start();
        });
        running.add(f);
        return f;
    }

    /** Waits until process {@code id} accepts connections (bounded). */
    void awaitListening(int id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = connect(id)) {
                return;
            } catch (ConnectException e) {
                Thread.sleep(20);
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("process " + id + " never listened on " + addresses.get(id));
    }

    Socket connect(int id) throws IOException {
        String a = addresses.get(id);
        return new Socket(Membership.host(a), Membership.port(a));
    }

    /** Every started member finished without failure, and the counts are exact. */
    void assertExactRun() throws Exception {
        for (CompletableFuture<Throwable> f : running) {
            Throwable t = f.get(90, TimeUnit.SECONDS);
            if (t != null) {
                throw new AssertionError("a member failed: " + t, t);
            }
        }
        Map<String, Long> counts = new HashMap<>();
        synchronized (out) {
            for (KeyValue<String, Long> kv : out) {
                assertThat(counts.put(kv.key(), kv.value())).as("one final count per key").isNull();
            }
        }
        assertThat(counts).hasSize(KEYS);
        assertThat(counts.values()).allMatch(c -> c == TOTAL / KEYS);
    }

    Membership membership(int id, ClusterConfig c) {
        return new Membership(addresses, id, 1, fingerprint(), c);
    }
}
