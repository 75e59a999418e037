package dev.flowstate.examples;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/** Helpers shared by the example tests: write inputs, run a flow on N workers, read outputs. */
final class ExampleRuns {
    private ExampleRuns() {
    }

    static Path write(Path dir, String name, String... lines) {
        try {
            return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(Dataflow flow, int workers) {
        Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Groups {@code key<TAB>rest} lines by key, keeping the order of each key's lines. */
    static Map<String, List<String>> byKey(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : lines) {
            int tab = line.indexOf('\t');
            out.computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>()).add(line.substring(tab + 1));
        }
        return out;
    }
}
