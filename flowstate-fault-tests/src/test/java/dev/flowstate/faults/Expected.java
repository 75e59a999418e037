package dev.flowstate.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The crash-free results, computed in-process from the input with plain loops (no engine involved). */
final class Expected {
    private Expected() {
    }

    /** {@code keyed-count}: one {@code key,count,sum} line per input line, the running count and sum of its key. */
    static List<String> keyedCount(Path input) throws IOException {
        Map<String, long[]> state = new HashMap<>();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                int comma = line.indexOf(',');
                String key = line.substring(0, comma);
                long v = Long.parseLong(line.substring(comma + 1));
                long[] s = state.computeIfAbsent(key, k -> new long[2]);
                s[0]++;
                s[1] += v;
                out.add(key + "," + s[0] + "," + s[1]);
            }
        }
        return out;
    }

    /** {@code count-final}: {@code key,count} per key. */
    static Map<String, Long> countFinal(Path input) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                counts.merge(line.substring(0, line.indexOf(',')), 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * {@code eof-count}: {@code key,count,sum} per key, sorted, the key written as itself or (for {@code uuid}
     * keys) as its UUID.
     */
    static List<String> eofCount(Path input, String keyType) throws IOException {
        Map<String, long[]> state = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                int comma = line.indexOf(',');
                long[] s = state.computeIfAbsent(line.substring(0, comma), k -> new long[2]);
                s[0]++;
                s[1] += Long.parseLong(line.substring(comma + 1));
            }
        }
        List<String> out = new ArrayList<>();
        state.forEach((k, s) -> out.add((keyType.equals("uuid") ? FaultJobs.uuidOf(k).toString() : k) + "," + s[0] + "," + s[1]));
        out.sort(null);
        return out;
    }

    /** The WordCount example: lower-cased words split on runs of non-letters, counted. */
    static Map<String, Long> wordCount(Path input) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                for (String word : line.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
                    if (!word.isEmpty()) {
                        counts.merge(word, 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }
}
