package dev.flowstate.examples;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyedStream;
import dev.flowstate.Mode;
import dev.flowstate.io.FileSink;
import dev.flowstate.io.FileSource;

import java.util.Set;

/**
 * Joins users with their latest order: reads {@code id,name} lines from {@code --users} and {@code id,amount} lines
 * from {@code --orders} (blank lines skipped), joins them on the id keeping the last value per side
 * ({@link Mode.Insert#LAST}), and when both inputs end ({@link Mode.Emit#FINAL}) writes one
 * {@code id<TAB>name<TAB>amount} line per id to {@code --output}, with {@code -} for a side that never had a value.
 *
 * <pre>bin/flowstate run dev.flowstate.examples.JoinExample -- --users examples/data/users.csv \
 *     --orders examples/data/orders.csv --output joined.tsv</pre>
 */
public final class JoinExample {
    private static final String USAGE = "JoinExample --users FILE --orders FILE --output FILE";

    private JoinExample() {
    }

    public static Dataflow flow(String[] args) {
        Args a = Args.parse(USAGE, args, Set.of("--users", "--orders", "--output"));
        Dataflow flow = new Dataflow("join_example");
        KeyedStream<String, String> users = keyedById(flow, "users", new FileSource(a.path("--users")));
        KeyedStream<String, String> orders = keyedById(flow, "orders", new FileSource(a.path("--orders")));
        users.join("join", orders, Mode.Insert.LAST, Mode.Emit.FINAL)
                .map("format", kv -> kv.key() + "\t" + orDash(kv.value().left()) + "\t" + orDash(kv.value().right()))
                .output("out", new FileSink(a.path("--output")));
        return flow;
    }

    /** Reads {@code id,rest} lines and keys each {@code rest} by its id. */
    private static KeyedStream<String, String> keyedById(Dataflow flow, String name, FileSource source) {
        return flow.input(name, source)
                .filter(name + "_non_blank", line -> !line.isBlank())
                .map(name + "_check", line -> checkLine(name, line))
                .keyOn(name + "_key", line -> line.substring(0, line.indexOf(',')).strip())
                .mapValue(name + "_value", line -> line.substring(line.indexOf(',') + 1).strip());
    }

    private static String checkLine(String input, String line) {
        if (line.indexOf(',') < 1) {
            throw new IllegalArgumentException("expected an 'id,value' line in " + input + ", got '" + line + "'");
        }
        return line;
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    public static void main(String[] args) {
        Flowstate.runMain(flow(args));
    }
}
