package dev.flowstate.io;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowDefinitionException;
import dev.flowstate.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A FileSink that would overwrite one of its dataflow's own inputs is refused when the dataflow is defined. */
class SinkOverInputTest {
    @TempDir
    Path dir;

    @Test
    void aSinkOnAnInputPath_isRefusedWhateverTheSpellingAndOrder() throws IOException {
        Path in = dir.resolve("in.txt");
        Files.write(in, List.of("a", "b"));
        Files.createDirectories(dir.resolve("sub"));
        Path sameViaDots = dir.resolve("sub/../in.txt");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), in);

        for (Path sinkPath : List.of(in, sameViaDots, link)) {
            Dataflow flow = new Dataflow("self");
            Stream<String> lines = flow.input("lines", new FileSource(in));
            assertThatThrownBy(() -> lines.output("out", new FileSink<>(sinkPath)))
                    .isInstanceOf(DataflowDefinitionException.class)
                    .hasMessageContaining("output 'out'").hasMessageContaining("input 'lines'");
        }
        // Output defined first, then a CsvSource reading the same file.
        Dataflow flow = new Dataflow("self_csv");
        flow.input("a", new FileSource(dir.resolve("other.txt"))).output("out", new FileSink<>(in));
        assertThatThrownBy(() -> flow.input("rows", new CsvSource(in))).isInstanceOf(DataflowDefinitionException.class)
                .hasMessageContaining("input 'rows'");
        // A sink inside a DirSource's directory would be read as input.
        Dataflow dirFlow = new Dataflow("self_dir");
        Stream<String> logs = dirFlow.input("logs", new DirSource(dir));
        assertThatThrownBy(() -> logs.output("out", new FileSink<>(dir.resolve("new/out.txt"))))
                .isInstanceOf(DataflowDefinitionException.class).hasMessageContaining("input 'logs'");
        // Other paths are fine.
        Dataflow ok = new Dataflow("ok");
        ok.input("lines", new FileSource(in)).output("out", new FileSink<>(dir.resolve("out.txt")));
        assertThat(Files.readAllLines(in)).containsExactly("a", "b");
    }
}
