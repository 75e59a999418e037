package dev.flowstate.examples;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.StateAndValue;
import dev.flowstate.io.FileSink;
import dev.flowstate.io.FileSource;

import java.util.Locale;
import java.util.Set;

/**
 * Keeps a running average per key: reads {@code key,value} lines from {@code --input} (blank lines are skipped)
 * and, for every line, writes {@code key<TAB>average} (two decimals) of all values of that key so far to
 * {@code --output}. A line that is not {@code key,number} fails the run.
 *
 * <pre>bin/flowstate run dev.flowstate.examples.RunningAverage -- --input examples/data/readings.csv --output avg.tsv</pre>
 */
public final class RunningAverage {
    private static final String USAGE = "RunningAverage --input FILE --output FILE";

    /** The state per key: how many values and their sum. */
    record Sum(long count, double total) {
        Sum add(double value) {
            return new Sum(count + 1, total + value);
        }

        double average() {
            return total / count;
        }
    }

    private RunningAverage() {
    }

    public static Dataflow flow(String[] args) {
        Args a = Args.parse(USAGE, args, Set.of("--input", "--output"));
        Dataflow flow = new Dataflow("running_average");
        flow.input("lines", new FileSource(a.path("--input")))
                .filter("non_blank", line -> !line.isBlank())
                .map("parse", RunningAverage::parse)
                .keyOn("key", KeyValue::key)
                .mapValue("value", KeyValue::value)
                .statefulMap("average", () -> new Sum(0, 0), (Sum sum, Double v) -> {
                    Sum next = sum.add(v);
                    return StateAndValue.of(next, next.average());
                })
                .map("format", kv -> kv.key() + "\t" + String.format(Locale.ROOT, "%.2f", kv.value()))
                .output("out", new FileSink(a.path("--output")));
        return flow;
    }

    static KeyValue<String, Double> parse(String line) {
        int comma = line.indexOf(',');
        try {
            if (comma < 1) {
                throw new NumberFormatException("no key");
            }
            return KeyValue.of(line.substring(0, comma).strip(), Double.parseDouble(line.substring(comma + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a 'key,number' line, got '" + line + "'", e);
        }
    }

    public static void main(String[] args) {
        Flowstate.runMain(flow(args));
    }
}
