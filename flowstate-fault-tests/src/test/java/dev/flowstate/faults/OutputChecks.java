package dev.flowstate.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The exact checks of the fault scenarios (see docs/fault-testing.md). Failures name the first differences. */
final class OutputChecks {
    private static final int SHOWN = 10;

    private OutputChecks() {
    }

    /**
     * Exactly-once: the file's lines equal {@code expected} as a multiset, and per key (first field) the counts
     * (second field) appear in file order as 1, 2, …, n.
     */
    static void exactlyOnce(List<String> expected, Path output) throws IOException {
        List<String> actual = sameLines(expected, output);
        Map<String, Long> lastCount = new HashMap<>();
        for (int i = 0; i < actual.size(); i++) {
            String[] f = actual.get(i).split(",");
            long count = Long.parseLong(f[1]);
            long previous = lastCount.getOrDefault(f[0], 0L);
            if (count != previous + 1) {
                fail("exactly-once output %s: line %d '%s' has count %d for key %s, but the previous count of that "
                        + "key in the file was %d: per key the counts must be 1..n in order", output, i + 1,
                        actual.get(i), count, f[0], previous);
            }
            lastCount.put(f[0], count);
        }
    }

    /** The file's lines equal {@code expected} as a multiset, in any order; returns them. */
    static List<String> sameLines(List<String> expected, Path output) throws IOException {
        List<String> actual = lines(output);
        Map<String, Integer> diff = new HashMap<>();
        for (String e : expected) {
            diff.merge(e, 1, Integer::sum);
        }
        for (String a : actual) {
            diff.merge(a, -1, Integer::sum);
        }
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        long missingCount = 0;
        long extraCount = 0;
        for (Map.Entry<String, Integer> e : diff.entrySet()) {
            if (e.getValue() > 0) {
                missingCount += e.getValue();
                if (missing.size() < SHOWN) {
                    missing.add(e.getKey() + (e.getValue() > 1 ? " (x" + e.getValue() + ")" : ""));
                }
            } else if (e.getValue() < 0) {
                extraCount -= e.getValue();
                if (extra.size() < SHOWN) {
                    extra.add(e.getKey() + (e.getValue() < -1 ? " (x" + -e.getValue() + ")" : ""));
                }
            }
        }
        if (missingCount > 0 || extraCount > 0) {
            fail("exactly-once output %s differs from the crash-free result: %d lines expected, %d written; "
                            + "%d expected lines missing (e.g. %s); %d lines extra or duplicated (e.g. %s)",
                    output, expected.size(), actual.size(), missingCount, missing, extraCount, extra);
        }
        return actual;
    }

    /**
     * At-least-once: every expected line appears at least once and no line appears that is not expected.
     *
     * @return how many lines are repeats (written more often than the crash-free run writes them)
     */
    static long atLeastOnce(List<String> expected, Path output) throws IOException {
        List<String> actual = lines(output);
        Set<String> expectedSet = new HashSet<>(expected);
        Set<String> actualSet = new HashSet<>(actual);
        List<String> missing = new ArrayList<>();
        long missingCount = 0;
        for (String e : expectedSet) {
            if (!actualSet.contains(e)) {
                missingCount++;
                if (missing.size() < SHOWN) {
                    missing.add(e);
                }
            }
        }
        List<String> unexpected = new ArrayList<>();
        long unexpectedCount = 0;
        for (String a : actualSet) {
            if (!expectedSet.contains(a)) {
                unexpectedCount++;
                if (unexpected.size() < SHOWN) {
                    unexpected.add(a);
                }
            }
        }
        if (missingCount > 0 || unexpectedCount > 0) {
            fail("at-least-once output %s: %d expected lines never written (e.g. %s); %d distinct lines written that "
                    + "the crash-free run never writes (e.g. %s)", output, missingCount, missing, unexpectedCount, unexpected);
        }
        return actual.size() - (long) expected.size();
    }

    /** A {@code key<separator>count} file: each key exactly once, with exactly the expected count. */
    static void counts(Map<String, Long> expected, Path output, String separator) throws IOException {
        Map<String, Long> actual = new TreeMap<>();
        List<String> duplicates = new ArrayList<>();
        for (String line : lines(output)) {
            int at = line.lastIndexOf(separator);
            assertThat(at).as("line '%s' of %s has no '%s'", line, output, separator).isPositive();
            String key = line.substring(0, at);
            if (actual.put(key, Long.parseLong(line.substring(at + separator.length()))) != null && duplicates.size() < SHOWN) {
                duplicates.add(key);
            }
        }
        assertThat(duplicates).as("keys written more than once to %s", output).isEmpty();
        if (!actual.equals(expected)) {
            List<String> wrong = new ArrayList<>();
            Set<String> keys = new HashSet<>(expected.keySet());
            keys.addAll(actual.keySet());
            long wrongCount = 0;
            for (String k : keys) {
                if (!java.util.Objects.equals(expected.get(k), actual.get(k))) {
                    wrongCount++;
                    if (wrong.size() < SHOWN) {
                        wrong.add(k + ": expected " + expected.get(k) + ", written " + actual.get(k));
                    }
                }
            }
            fail("%s: %d of %d keys wrong or missing, e.g. %s", output, wrongCount, expected.size(), wrong);
        }
    }

    private static List<String> lines(Path output) throws IOException {
        assertThat(output).as("output file").exists();
        return Files.readAllLines(output, StandardCharsets.UTF_8);
    }
}
