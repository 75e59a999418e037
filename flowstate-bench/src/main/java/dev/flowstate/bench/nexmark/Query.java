package dev.flowstate.bench.nexmark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The Nexmark queries of NEXMARK.md §3 (there is no q6). */
public enum Query {
    Q0, Q1, Q2, Q3, Q4, Q5, Q7, Q8;

    /** {@code q5}: the name used on the command line and in {@code workload=nexmark-q5}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code q5}, {@code Q5} or {@code all} (every query, in order). */
    public static List<Query> parse(String name) {
        if (name.equalsIgnoreCase("all")) {
            return List.of(values());
        }
        for (Query q : values()) {
            if (q.label().equalsIgnoreCase(name)) {
                return List.of(q);
            }
        }
        throw new IllegalArgumentException("unknown query '" + name + "'; known: "
                + Arrays.stream(values()).map(Query::label).toList() + " or all");
    }
}
