package dev.flowstate.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options. {@code --quick} only changes the defaults of {@code --events} and {@code --repeat}; given
 * explicitly, those win whatever their position.
 */
record BenchOptions(int events, List<Integer> workers, List<Workload> workloads, int repeat, int warmup,
                    boolean recovery, boolean selfCheck, boolean resume, int resumeKeys, boolean metrics, List<String> stores,
                    boolean fork, ForkedRun.ChildSpec child) {

    static final int DEFAULT_EVENTS = 10_000_000;
    static final int QUICK_EVENTS = 200_000;
    static final int DEFAULT_REPEAT = 3;
    static final int DEFAULT_RESUME_KEYS = 1_000_000;

    static final String USAGE = """
            usage: bin/flowstate-bench [--events N] [--workers 1,2] [--workloads keyed-count,stateless-map]
                                       [--repeat R] [--warmup W] [--quick] [--recovery] [--metrics] [--fork] [--self-check]
                                       [--resume [--resume-keys K]] [--store sqlite,kafka,s3]
              --events N      input events (default 10000000; --quick: 200000)
              --workers LIST  worker counts for engine=flowstate (default 1,2)
              --workloads L   keyed-count, stateless-map (default both)
              --repeat R      timed repetitions per engine; the median is reported (default 3; --quick: 1)
              --warmup W      untimed full-size runs per engine before timing (default 1)
              --quick         fast smoke run: 200000 events, 1 repetition
              --recovery      also run engine=flowstate-recovery (keyed-count, 1 s snapshots, fresh store per run)
              --metrics       also run engine=flowstate-metrics (keyed-count, metrics endpoint on)
              --fork          every timed run in a fresh JVM (warm-ups included), so engines share no JIT profile
              --self-check    check the harness itself (events, source, sink, loop checksums) and exit
              --resume        instead of throughput: time to resume from a store holding the state of K keys
                              (uses --workers, --repeat, --warmup; ignores --events and --workloads)
              --resume-keys K keys of state in the --resume store (default 1000000)
              --store LIST    recovery stores for --recovery and --resume: sqlite (a directory), kafka (a local
                              KRaft broker), s3 (a local s3proxy server) (default sqlite)
            """;

    static BenchOptions parse(String[] args) {
        Integer events = null;
        Integer repeat = null;
        int warmup = 1;
        List<Integer> workers = List.of(1, 2);
        List<Workload> workloads = Workload.all();
        boolean quick = false;
        boolean recovery = false;
        boolean metrics = false;
        boolean selfCheck = false;
        boolean resume = false;
        int resumeKeys = DEFAULT_RESUME_KEYS;
        List<String> stores = List.of("sqlite");
        boolean fork = false;
        ForkedRun.ChildSpec child = null;
        for (int i = 0; i < args.length; i++) {
            OptionArg option = OptionArg.of(args[i]);
            String arg = option.name();
            String value = option.inlineValue();
            switch (arg) {
                case "--quick" -> quick = true;
                case "--recovery" -> recovery = true;
                case "--metrics" -> metrics = true;
                case "--fork" -> fork = true;
                case "--self-check" -> selfCheck = true;
                case "--resume" -> resume = true;
                case "--help", "-h" -> throw new UsageException(null);
                case ForkedRun.CHILD_OPTION -> child = ForkedRun.ChildSpec.parse(value); // internal: one forked run
                case "--events", "--workers", "--workloads", "--repeat", "--warmup", "--resume-keys", "--store" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--events" -> events = positive(arg, value, 0);
                        case "--repeat" -> repeat = positive(arg, value, 1);
                        case "--warmup" -> warmup = positive(arg, value, 0);
                        case "--resume-keys" -> resumeKeys = positive(arg, value, 1);
                        case "--workers" -> workers = ints(arg, value);
                        case "--store" -> stores = stores(value);
                        default -> workloads = workloads(value);
                    }
                }
                default -> throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        return new BenchOptions(events != null ? events : quick ? QUICK_EVENTS : DEFAULT_EVENTS, workers, workloads,
                repeat != null ? repeat : quick ? 1 : DEFAULT_REPEAT, warmup, recovery, selfCheck, resume, resumeKeys,
                metrics, stores, fork, child);
    }

    private static int positive(String option, String value, int min) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n < min) {
                throw new UsageException(option + " must be at least " + min + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs an integer, got '" + value + "'");
        }
    }

    private static List<Integer> ints(String option, String value) {
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            int n = positive(option, part.strip(), 1);
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> stores(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String kind = part.strip().toLowerCase(java.util.Locale.ROOT);
            if (!BenchStores.KINDS.contains(kind)) {
                throw new UsageException("--store: unknown store '" + part + "'; use " + String.join(",", BenchStores.KINDS));
            }
            if (!out.contains(kind)) {
                out.add(kind);
            }
        }
        return List.copyOf(out);
    }

    private static List<Workload> workloads(String value) {
        List<Workload> out = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                out.add(Workload.named(part.strip()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** Bad command line; a null message means "just print the usage". */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
