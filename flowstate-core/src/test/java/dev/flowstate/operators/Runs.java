package dev.flowstate.operators;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.Stream;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Runs a one-input, one-output dataflow on some workers and returns what reached the sink. */
final class Runs {
    private Runs() {
    }

    static <I, O> List<O> run(int workers, List<I> input, Function<Stream<I>, Stream<O>> body) {
        Dataflow flow = new Dataflow("test");
        List<O> out = new ArrayList<>();
        body.apply(flow.input("in", new TestingSource<>(input))).output("out", new TestingSink<>(out));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(workers).withEpochInterval(Duration.ofMillis(20)));
        return out;
    }
}
