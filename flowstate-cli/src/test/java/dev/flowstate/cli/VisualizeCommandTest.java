package dev.flowstate.cli;

import dev.flowstate.cli.fixtures.Flows;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VisualizeCommandTest {
    private static final String FLOWS = Flows.class.getName();

    @Test
    void printsTheStepsAsAMermaidFlowchart() {
        Cli.Result r = Cli.recording().execute("visualize", FLOWS);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("""
                flowchart TD
                    s0["in (input)"]
                    s1["upper (map)"]
                    s2["out (output)"]
                    s0 --> s1
                    s1 --> s2
                """);
    }

    @Test
    void labelsTheEdgesOfABranch() {
        Cli.Result r = Cli.recording().execute("visualize", FLOWS + ":branching");

        assertThat(r.out()).contains("s1 -- trues --> s2").contains("s1 -- falses --> s3");
    }

    @Test
    void showsAnExampleWithItsArguments() {
        Cli.Result r = Cli.recording().execute("visualize", "dev.flowstate.examples.WordCount", "--",
                "--input", "in.txt", "--output", "out.tsv");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("flowchart TD").contains("count (count_final)");
    }

    @Test
    void withFormatDot_printsAGraphvizGraphWithExchangesDashed() {
        Cli.Result r = Cli.recording().execute("visualize", "--format", "dot", "dev.flowstate.examples.WordCount", "--",
                "--input", "in.txt", "--output", "out.tsv");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("digraph \"word_count\" {\n")
                .contains("[label=\"count\\n(count_final)\"];")
                .contains("[label=\"key\", style=dashed];")
                .endsWith("}\n");
    }

    @Test
    void withFormatJson_printsStepsAndEdgesAsServedOnDataflow() {
        Cli.Result r = Cli.recording().execute("visualize", "-f", "json", FLOWS);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{\"name\":").contains("{\"id\":\"upper\",\"kind\":\"map\",")
                .contains("{\"from\":\"in\",\"to\":\"upper\",\"port\":0,\"label\":\"\",\"exchange\":null}");
    }

    @Test
    void whenFormatIsUnknown_namesTheChoices() {
        Cli.Result r = Cli.recording().execute("visualize", "--format", "png", FLOWS);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("mermaid").contains("dot").contains("json");
    }

    @Test
    void neverRunsTheFlow() {
        Cli cli = Cli.recording();

        cli.execute("visualize", FLOWS + ":failing");

        assertThat(cli.configs).isEmpty();
    }
}
