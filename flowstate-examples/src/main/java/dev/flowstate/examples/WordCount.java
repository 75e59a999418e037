package dev.flowstate.examples;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.io.FileSink;
import dev.flowstate.io.FileSource;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Counts words: reads the lines of {@code --input}, splits them on runs of non-letters, lower-cases the words and
 * writes one {@code word<TAB>count} line per distinct word to {@code --output} when the input ends.
 *
 * <pre>bin/flowstate run dev.flowstate.examples.WordCount -- --input examples/data/words.txt --output counts.tsv</pre>
 */
public final class WordCount {
    private static final String USAGE = "WordCount --input FILE --output FILE";

    private WordCount() {
    }

    public static Dataflow flow(String[] args) {
        Args a = Args.parse(USAGE, args, Set.of("--input", "--output"));
        Dataflow flow = new Dataflow("word_count");
        flow.input("lines", new FileSource(a.path("--input")))
                .flatMap("split", (String line) -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")))
                .filter("non_empty", word -> !word.isEmpty())
                .keyOn("key", word -> word)
                .countFinal("count")
                .map("format", kv -> kv.key() + "\t" + kv.value())
                .output("out", new FileSink(a.path("--output")));
        return flow;
    }

    public static void main(String[] args) {
        Flowstate.runMain(flow(args));
    }
}
