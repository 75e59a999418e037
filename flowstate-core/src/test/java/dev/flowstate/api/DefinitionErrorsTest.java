package dev.flowstate.api;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowDefinitionException;
import dev.flowstate.Flowstate;
import dev.flowstate.Stream;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionErrorsTest {

    @Test
    void aDuplicateStepIdNamesBothSteps() {
        Dataflow flow = new Dataflow("dup");
        Stream<Integer> in = flow.input("in", new TestingSource<>(List.of(1)));
        in.map("step", i -> i);
        assertThatThrownBy(() -> in.filter("step", i -> true))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessageContaining("duplicate step id 'step'")
                .hasMessageContaining("map at DefinitionErrorsTest.java")
                .hasMessageContaining("filter at DefinitionErrorsTest.java");
    }

    @Test
    void aDataflowWithoutInputOrOutputIsRefusedBeforeRunning() {
        assertThatThrownBy(() -> Flowstate.runMain(new Dataflow("empty")))
                .isInstanceOf(DataflowDefinitionException.class).hasMessageContaining("has no input");
        Dataflow noOutput = new Dataflow("no_output");
        noOutput.input("in", new TestingSource<>(List.of(1))).inspect("look", i -> { });
        assertThatThrownBy(() -> Flowstate.runMain(noOutput))
                .isInstanceOf(DataflowDefinitionException.class).hasMessageContaining("has no output");
    }

    @Test
    void aStepWhoseOutputNobodyReadsIsRefused() {
        Dataflow flow = new Dataflow("dangling");
        Stream<Integer> in = flow.input("in", new TestingSource<>(List.of(1)));
        in.output("out", new TestingSink<>(new ArrayList<>()));
        in.map("lost", i -> i * 2);
        assertThatThrownBy(() -> Flowstate.runMain(flow))
                .isInstanceOf(DataflowDefinitionException.class)
                .hasMessageContaining("step 'lost' (map at DefinitionErrorsTest.java")
                .hasMessageContaining("dangling");
    }

    @Test
    void streamsOfAnotherDataflowAndBadIdsAreRefused() {
        Dataflow a = new Dataflow("a");
        Dataflow b = new Dataflow("b");
        Stream<Integer> fromA = a.input("in", new TestingSource<>(List.of(1)));
        Stream<Integer> fromB = b.input("in", new TestingSource<>(List.of(2)));
        assertThatThrownBy(() -> fromA.merge("m", fromB)).isInstanceOf(DataflowDefinitionException.class)
                .hasMessageContaining("belongs to dataflow 'b'");
        assertThatThrownBy(() -> fromA.map("a/b", i -> i)).isInstanceOf(DataflowDefinitionException.class)
                .hasMessageContaining("must not contain '/'");
        assertThatThrownBy(() -> fromA.map(" ", i -> i)).isInstanceOf(DataflowDefinitionException.class);
    }
}
