package dev.flowstate.faults;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Deterministic input files for the scenarios: the same seed and sizes always give the same bytes. */
final class Inputs {
    private Inputs() {
    }

    /** {@code lines} lines {@code k<i>,<v>} with keys uniform over {@code keys} keys and values in [0, 1000). */
    static Path keyValues(Path file, long seed, int lines, int keys) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                w.write('k');
                w.write(Integer.toString(r.nextInt(keys)));
                w.write(',');
                w.write(Integer.toString(r.nextInt(1000)));
                w.write('\n');
            }
        }
        return file;
    }

    /**
     * {@code lines} lines of 1–12 words drawn from a vocabulary of {@code vocabulary} letter-only words, some
     * capitalized, separated by spaces and punctuation (which WordCount splits on).
     */
    static Path words(Path file, long seed, int lines, int vocabulary) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        String[] separators = {" ", " ", " ", ", ", ". ", " - ", "; ", "  ", " 42 "};
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                line.setLength(0);
                int n = 1 + r.nextInt(12);
                for (int j = 0; j < n; j++) {
                    if (j > 0) {
                        line.append(separators[r.nextInt(separators.length)]);
                    }
                    String word = word(r.nextInt(vocabulary));
                    line.append(r.nextInt(5) == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
                }
                w.write(line.toString());
                w.write('\n');
            }
        }
        return file;
    }

    /** A letters-only word for an index: bijective base-26 ("a".."z", "aa"...), prefixed to avoid tiny words. */
    private static String word(int i) {
        StringBuilder sb = new StringBuilder();
        int n = i + 1;
        while (n > 0) {
            n--;
            sb.append((char) ('a' + n % 26));
            n /= 26;
        }
        return "w" + sb;
    }
}
