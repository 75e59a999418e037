package dev.flowstate.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WordCountTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2})
    void countsLowerCasedWordsSplitOnNonLetters(int workers) {
        Path in = ExampleRuns.write(dir, "in.txt",
                "The quick brown fox jumps over the lazy dog.",
                "The dog sleeps; the fox runs!",
                "",
                "Über-quick foxes -- and dogs -- don't sleep.");
        Path out = dir.resolve("out.tsv");

        ExampleRuns.run(WordCount.flow(new String[]{"--input", in.toString(), "--output", out.toString()}), workers);

        assertThat(ExampleRuns.lines(out)).containsExactlyInAnyOrder(
                "the\t4", "quick\t2", "brown\t1", "fox\t2", "jumps\t1", "over\t1", "lazy\t1", "dog\t2",
                "sleeps\t1", "runs\t1", "über\t1", "foxes\t1", "and\t1", "dogs\t1", "don\t1", "t\t1", "sleep\t1");
    }

    @Test
    void whenOutputIsMissing_saysWhatIsMissingAndShowsUsage() {
        assertThatThrownBy(() -> WordCount.flow(new String[]{"--input", "x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing --output; usage: WordCount --input FILE --output FILE");
    }

    @Test
    void whenArgumentIsUnknown_saysWhichOne() {
        assertThatThrownBy(() -> WordCount.flow(new String[]{"--inptu", "x"}))
                .hasMessageStartingWith("unknown argument '--inptu'");
    }
}
