package dev.flowstate.bench;

import dev.flowstate.Dataflow;
import dev.flowstate.RunConfig;
import dev.flowstate.internal.cluster.ClusterTransport;
import dev.flowstate.internal.plan.Plan;
import dev.flowstate.internal.runtime.Execution;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code P} cluster processes × {@code W} workers, each process with its own TCP transport on loopback (all in
 * this JVM, so items really cross sockets and Kryo). Connecting is not timed; the run is.
 */
final class FlowstateClusterEngine implements Engine {
    private final int processes;
    private final int workers;

    FlowstateClusterEngine(int processes, int workers) {
        this.processes = processes;
        this.workers = workers;
    }

    @Override
    public String name() {
        return "flowstate-cluster";
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public int processes() {
        return processes;
    }

    @Override
    public String label() {
        return "flowstate_cluster_p" + processes + "_w" + workers;
    }

    @Override
    public Measurement run(Workload workload, String[] events) throws Exception {
        Tally tally = new Tally();
        List<String> addresses = freeAddresses(processes);
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        try {
            List<Plan> plans = new ArrayList<>();
            List<Future<ClusterTransport>> links = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                Dataflow flow = workload.dataflow(events, processes * workers, tally);
                Plan plan = Plan.of(flow);
                plans.add(plan);
                int id = p;
                links.add(pool.submit(() -> ClusterTransport.connect(addresses, id, workers, plan.fingerprint(), null,
                        Duration.ofSeconds(30))));
            }
            List<ClusterTransport> transports = new ArrayList<>();
            for (Future<ClusterTransport> f : links) {
                transports.add(f.get());
            }
            RunConfig config = RunConfig.defaults().withWorkers(workers);
            long start = System.nanoTime();
            List<Future<?>> runs = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                Execution e = new Execution(plans.get(p), config, false, transports.get(p));
                runs.add(pool.submit(e::run));
            }
            for (Future<?> f : runs) {
                f.get();
            }
            return new Measurement(tally.totals(), System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> freeAddresses(int n) throws IOException {
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
}
