package dev.flowstate.bench;

import dev.flowstate.bench.nexmark.NexmarkBench;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Entry point of {@code bin/flowstate-bench}; {@code bin/flowstate-bench nexmark ...} runs {@link NexmarkBench}. Exit codes: 0 done (ratios below target are only noted),
 * 1 a checksum mismatch or an engine failure, 2 bad command line.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("nexmark")) {
            System.exit(NexmarkBench.run(Arrays.copyOfRange(args, 1, args.length), System.out));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("flowstate-bench: " + e.getMessage());
            }
            System.err.print(BenchOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        if (options.selfCheck()) {
            try {
                SelfCheck.run(System.out);
            } catch (Exception e) {
                System.out.println("SELF-CHECK failed: " + e);
                System.exit(1);
            }
            return;
        }
        if (options.resume()) {
            System.out.printf("# flowstate-bench resume keys=%d new_events=%d workers=%s repeat=%d warmup=%d cpus=%d"
                            + " java=%s max_heap_mb=%d tmpdir=%s%n", options.resumeKeys(), ResumeBench.NEW_EVENTS,
                    options.workers().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    options.repeat(), options.warmup(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                    System.getProperty("java.io.tmpdir"));
            int code = 0;
            try (BenchStores stores = new BenchStores()) {
                for (String store : options.stores()) {
                    code = Math.max(code, new ResumeBench(options.resumeKeys(), options.workers(), options.repeat(),
                            options.warmup(), System.out, store, stores).run());
                }
            } catch (Exception e) {
                System.out.println("ERROR workload=resume failed: " + e);
                code = 1;
            }
            System.out.flush();
            System.exit(code);
            return;
        }
        if (options.child() == null) {
            System.out.printf("# flowstate-bench events=%d workers=%s workloads=%s repeat=%d warmup=%d recovery=%b"
                        + " stores=%s fork=%b cpus=%d java=%s max_heap_mb=%d tmpdir=%s%n", options.events(),
                options.workers().stream().map(String::valueOf).collect(Collectors.joining(",")),
                options.workloads().stream().map(Workload::name).collect(Collectors.joining(",")),
                options.repeat(), options.warmup(), options.recovery(), String.join(",", options.stores()), options.fork(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.io.tmpdir"));
        }
        String[] events = null; // a forking parent runs nothing itself
        if (!options.fork()) {
            long start = System.nanoTime();
            events = Events.generate(options.events());
            System.out.printf("# generated %d events in %d ms%n", events.length, (System.nanoTime() - start) / 1_000_000);
        }
        int code;
        try (BenchStores stores = new BenchStores()) {
            BenchRunner runner = new BenchRunner(options, events, System.out, stores,
                    options.fork() ? new ForkedRun(args) : null);
            code = options.child() != null ? runner.runChild(options.child()) : runner.run();
        }
        System.out.flush();
        System.exit(code);
    }
}
