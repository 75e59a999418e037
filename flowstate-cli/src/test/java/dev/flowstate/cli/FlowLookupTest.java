package dev.flowstate.cli;

import dev.flowstate.cli.fixtures.Flows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.flowstate.cli.ErrorAssert.oneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/** Finding and calling the flow method: the same for {@code run} and {@code visualize}. */
class FlowLookupTest {
    private static final String FLOWS = Flows.class.getName();

    @ParameterizedTest
    @ValueSource(strings = {"run", "visualize"})
    void whenMethodReturnsSomethingElse_saysWhatItReturns(String command) {
        Cli.Result r = Cli.recording().execute(command, FLOWS + ":notAFlow");

        assertThat(oneLineError(r, 2)).contains("method " + FLOWS + ".notAFlow returns java.lang.String, not a dev.flowstate.Dataflow");
    }

    @Test
    void whenMethodIsMissing_saysHowToDeclareIt() {
        Cli.Result r = Cli.recording().execute("run", FLOWS + ":nothing");

        assertThat(oneLineError(r, 2)).contains("has no method 'nothing'")
                .contains("public static Dataflow nothing(String[] args)");
    }

    @Test
    void whenMethodIsNotStatic_saysSo() {
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS + ":notStatic"), 2)).contains("is not static");
    }

    @Test
    void whenMethodIsNotPublic_saysSo() {
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS + ":notPublic"), 2)).contains("is not public");
    }

    @Test
    void whenMethodTakesOtherParameters_saysWhatItMustTake() {
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS + ":wrongParameters"), 2))
                .contains("must take no arguments or a String[]");
    }

    @Test
    void whenArgsAreGivenToANoArgMethod_refuses() {
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "--", "--x"), 2)).contains("takes no arguments");
    }

    @Test
    void whenMethodThrows_failsWithTheCause() {
        Cli.Result r = Cli.recording().execute("visualize", FLOWS + ":throwing");

        assertThat(oneLineError(r, 1)).contains(FLOWS + ".throwing threw java.lang.IllegalStateException: cannot build today")
                .contains("--verbose");
    }

    @Test
    void whenMethodRejectsItsArguments_isAUsageError() {
        Cli.Result r = Cli.recording().execute("run", FLOWS + ":rejectsArguments");

        assertThat(oneLineError(r, 2)).contains("rejected its arguments: missing --input");
    }

    @Test
    void whenTheDataflowIsBuiltWrongly_saysWhy() {
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS + ":duplicateIds"), 1))
                .contains("invalid dataflow").contains("duplicate step id 'same'");
        assertThat(oneLineError(Cli.recording().execute("visualize", FLOWS + ":noOutput"), 1))
                .contains("invalid dataflow").contains("has no output");
    }

    @Test
    void whenMethodReturnsNull_saysSo() {
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS + ":returnsNull"), 1)).contains("returned null");
    }

    @Test
    void whenClassNameIsShortForAnExample_suggestsTheFullName() {
        assertThat(oneLineError(Cli.recording().execute("visualize", "WordCount"), 2))
                .contains("did you mean dev.flowstate.examples.WordCount?");
    }

    @Test
    void whenTargetIsMalformed_saysHowToWriteIt() {
        assertThat(oneLineError(Cli.recording().execute("run", "a b"), 2)).contains("is not a class name");
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS + ":"), 2)).contains("is not a method name");
    }

    @Test
    void whenClasspathEntryIsMissing_saysWhich(@TempDir Path dir) {
        Cli.Result r = Cli.recording().execute("run", "-cp", dir.resolve("nope.jar").toString(), FLOWS);

        assertThat(oneLineError(r, 2)).contains("nope.jar' does not exist");
    }

    @Test
    void loadsClassesFromTheGivenClasspath(@TempDir Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/com/example"));
        Files.writeString(src.resolve("Job.java"), """
                package com.example;
                import dev.flowstate.Dataflow;
                import dev.flowstate.io.ManualInput;
                public class Job {
                    public static Dataflow build(String[] args) {
                        Dataflow flow = new Dataflow("job_" + args[0]);
                        flow.input("in", ManualInput.<String>of((w, n, s) -> java.util.Collections.emptyIterator()))
                            .output("out", (dev.flowstate.io.DynamicSink<String>) (w, n) -> null);
                        return flow;
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString(), src.resolve("Job.java").toString());
        assertThat(rc).isZero();

        Cli.Result r = Cli.recording().execute("visualize", "-cp", classes.toString(), "com.example.Job:build", "--", "x");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("in (input)").contains("out (output)");
        assertThat(oneLineError(Cli.recording().execute("visualize", "com.example.Job:build"), 2)).contains("not found");
    }
}
