package com.example;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAndValue;
import dev.flowstate.io.FileSink;
import dev.flowstate.io.FileSource;

import java.nio.file.Path;

/**
 * Counts page views: reads {@code user,page} lines and writes {@code page<TAB>views so far} for every view.
 *
 * <pre>java -cp "target/classes:target/lib/*" com.example.PageViews views.csv counts.tsv</pre>
 */
public final class PageViews {
    private PageViews() {
    }

    /** The dataflow: {@code args[0]} is the input file, {@code args[1]} the output file. */
    public static Dataflow flow(String[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PageViews INPUT.csv OUTPUT.tsv");
        }
        Dataflow flow = new Dataflow("page_views");
        flow.input("views", new FileSource(Path.of(args[0])))
                .filter("non_blank", line -> !line.isBlank())
                .keyOn("page", line -> line.substring(line.indexOf(',') + 1).strip())
                .statefulMap("count", () -> 0L, (Long n, String line) -> StateAndValue.of(n + 1, n + 1))
                .map("format", kv -> kv.key() + "\t" + kv.value())
                .output("out", new FileSink(Path.of(args[1])));
        return flow;
    }

    public static void main(String[] args) {
        Flowstate.run(flow(args), RunConfig.defaults().withWorkers(2));
    }
}
