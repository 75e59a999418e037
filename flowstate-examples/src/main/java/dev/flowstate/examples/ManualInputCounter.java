package dev.flowstate.examples;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.StateAndValue;
import dev.flowstate.io.FileSink;
import dev.flowstate.io.ManualInput;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A running total per key over an input read with a {@link ManualInput}, to show how a hand-written input resumes.
 * Reads {@code key,amount} lines (whole numbers; blank lines skipped) from {@code --input} and, for every line,
 * writes {@code key<TAB>total so far} to {@code --output} (a {@link FileSink}, so exactly-once with recovery on).
 *
 * <p><b>Resume state.</b> Worker {@code w} of {@code n} reads the lines whose 0-based index {@code i} has
 * {@code i % n == w}. With each line it yields the index of the next line it will read ({@code i + n}); a resumed
 * run hands the last such index saved before the resume epoch back to the builder, which starts there. Because the
 * split depends on {@code n}, a recovery directory written by this dataflow can only be resumed with the same worker
 * count (Flowstate refuses other counts for every {@code ManualInput}). The file must not change between runs except
 * by appending lines.
 *
 * <p><b>Options for the recovery demo.</b> {@code --delay-us N} waits N microseconds before yielding each line (a
 * slow upstream, so that epochs close while the input is read). {@code --crash-at N} makes the input throw when it
 * is about to yield line N (1-based), once per built dataflow: the run fails as a crash would. Restart without
 * {@code --crash-at} to resume (with it, the resumed run reaches line N again and fails again).
 * The builder reads the whole file into memory on each worker; fine for an example, not for huge files.
 *
 * <pre>bin/flowstate recovery init /tmp/mi/state --partitions 1
 *bin/flowstate run dev.flowstate.examples.ManualInputCounter -r /tmp/mi/state -- \
 *    --input examples/data/sales.csv --output /tmp/mi/totals.tsv</pre>
 */
public final class ManualInputCounter {
    private static final String USAGE =
            "ManualInputCounter --input FILE --output FILE [--delay-us MICROS] [--crash-at LINE]";

    /** One input line and its 0-based index in the file. */
    public record Line(int index, String text) {
    }

    private ManualInputCounter() {
    }

    public static Dataflow flow(String[] args) {
        Args a = Args.parse(USAGE, args, Set.of("--input", "--output", "--delay-us", "--crash-at"));
        Path input = a.path("--input");
        Path output = a.path("--output");
        long delayMicros = a.optionalLong("--delay-us", 0, 0);
        long crashAtLine = a.optionalLong("--crash-at", 0, 1);
        Dataflow flow = new Dataflow("manual_input_counter");
        flow.input("lines", ManualInput.of(lines(input, delayMicros, crashAtLine)))
                .filter("non_blank", line -> !line.text().isBlank())
                .map("parse", ManualInputCounter::parse)
                .keyOn("key", KeyValue::key)
                .mapValue("amount", KeyValue::value)
                .statefulMap("total", () -> 0L, (Long total, Long amount) -> StateAndValue.of(total + amount, total + amount))
                .map("format", kv -> kv.key() + "\t" + kv.value())
                .output("out", new FileSink<>(output));
        return flow;
    }

    /**
     * The input: worker {@code w} of {@code n} yields the lines with index {@code w, w + n, w + 2n, ...}, starting at
     * the saved index when resumed; each line's resume state is the index of the worker's next line.
     *
     * @param crashAtLine 1-based line at which to throw once (0: never)
     */
    static ManualInput.Builder<Line> lines(Path input, long delayMicros, long crashAtLine) {
        AtomicBoolean crashed = new AtomicBoolean(crashAtLine == 0);
        return (worker, workers, resumeState) -> {
            List<String> all = Files.readAllLines(input, StandardCharsets.UTF_8);
            int start = resumeState == null ? worker : (Integer) resumeState;
            return new Iterator<>() {
                private int next = start;

                @Override
                public boolean hasNext() {
                    return next < all.size();
                }

                @Override
                public ManualInput.Resumable<Line> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    if (next + 1 == crashAtLine && crashed.compareAndSet(false, true)) {
                        throw new IllegalStateException("simulated crash at line " + crashAtLine + " of " + input);
                    }
                    if (delayMicros > 0) {
                        LockSupport.parkNanos(delayMicros * 1000);
                    }
                    Line line = new Line(next, all.get(next));
                    next += workers;
                    return new ManualInput.Resumable<>(next, line);
                }
            };
        };
    }

    static KeyValue<String, Long> parse(Line line) {
        String text = line.text();
        int comma = text.indexOf(',');
        try {
            if (comma < 1) {
                throw new NumberFormatException("no key");
            }
            return KeyValue.of(text.substring(0, comma).strip(), Long.parseLong(text.substring(comma + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + (line.index() + 1) + ": expected a 'key,whole number' line, got '"
                    + text + "'", e);
        }
    }

    public static void main(String[] args) {
        Flowstate.runMain(flow(args));
    }
}
