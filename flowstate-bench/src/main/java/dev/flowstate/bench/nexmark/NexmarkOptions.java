package dev.flowstate.bench.nexmark;

import dev.flowstate.bench.OptionArg;

import java.util.ArrayList;
import java.util.List;

/** The command line of {@code bin/flowstate-bench nexmark}; see {@link #USAGE}. */
record NexmarkOptions(List<Query> queries, long events, List<Integer> workers, int repeat, int warmup) {

    static final String USAGE = """
            usage: bin/flowstate-bench nexmark [--query q5|all] [--events N] [--workers 1,2,3] [--repeat R] [--warmup W]
              --query Q     q0, q1, q2, q3, q4, q5, q7, q8 or all (default all); a list like q4,q5 works too
              --events N    events 0 .. N-1 of the NEXMARK.md generator (default 1000000)
              --workers L   worker counts; the source has one partition per worker (default 1,2)
              --repeat R    timed runs per query and worker count; RESULT gives the median rate (default 1)
              --warmup W    untimed runs per query and worker count before timing (default 0)
            Every run is checked against the single-threaded reference for N: a mismatch prints MISMATCH and the
            exit code is 1.
            """;

    static NexmarkOptions parse(String[] args) {
        List<Query> queries = List.of(Query.values());
        long events = 1_000_000;
        List<Integer> workers = List.of(1, 2);
        int repeat = 1;
        int warmup = 0;
        for (int i = 0; i < args.length; i++) {
            OptionArg option = OptionArg.of(args[i]);
            String arg = option.name();
            String value = option.inlineValue();
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(null);
            }
            if (!List.of("--query", "--events", "--workers", "--repeat", "--warmup").contains(arg)) {
                throw new UsageException("unknown option '" + args[i] + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                value = args[++i];
            }
            switch (arg) {
                case "--query" -> queries = queries(value);
                case "--events" -> events = number(arg, value, 0);
                case "--repeat" -> repeat = (int) number(arg, value, 1);
                case "--warmup" -> warmup = (int) number(arg, value, 0);
                default -> workers = workerCounts(value);
            }
        }
        return new NexmarkOptions(queries, events, workers, repeat, warmup);
    }

    private static List<Query> queries(String value) {
        List<Query> out = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                for (Query q : Query.parse(part.strip())) {
                    if (!out.contains(q)) {
                        out.add(q);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("--query: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static List<Integer> workerCounts(String value) {
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            int n = (int) number("--workers", part.strip(), 1);
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return List.copyOf(out);
    }

    private static long number(String option, String value, long min) {
        long n;
        try {
            n = Long.parseLong(value.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs an integer, got '" + value + "'");
        }
        if (n < min || (!option.equals("--events") && n > Integer.MAX_VALUE)) {
            throw new UsageException(option + " must be at least " + min + ", was " + n);
        }
        return n;
    }

    /** A bad command line; a null message means "just print the usage". */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
