package dev.flowstate.operators;

import dev.flowstate.Dataflow;
import dev.flowstate.Emitter;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class StatefulCallbacksTest {

    @Test
    void onEofIsCalledOnceEvenWhileOtherInputsKeepTheDataflowRunning() {
        AtomicInteger eofCalls = new AtomicInteger();
        Dataflow flow = new Dataflow("eof_once");
        List<KeyValue<String, String>> out = new ArrayList<>();
        flow.input("short", new TestingSource<>(List.of("a", "b")))
                .keyOn("key", s -> s)
                .stateful("logic", (String resume) -> new StatefulLogic<String, String, String>() {
                    public StateAction onItem(String value, Emitter<? super String> o) {
                        return StateAction.KEEP;
                    }

                    public StateAction onEof(Emitter<? super String> o) {
                        eofCalls.incrementAndGet();
                        o.emit("eof");
                        return StateAction.KEEP;
                    }

                    public String snapshot() {
                        return "s";
                    }
                })
                .output("out", new TestingSink<>(out));
        // A second input that keeps the dataflow alive for many more epochs.
        flow.input("long", new StatefulOperatorsTest.SlowSource(List.of("x"), Duration.ofMillis(200)))
                .output("ignored", new TestingSink<>(new ArrayList<>()));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(2).withEpochInterval(Duration.ofMillis(5)));
        assertThat(eofCalls).hasValue(2);
        assertThat(out).containsExactlyInAnyOrder(KeyValue.of("a", "eof"), KeyValue.of("b", "eof"));
    }

    @Test
    void aTimerLeftInThePastFiresOncePerRoundInsteadOfLockingTheWorker() {
        AtomicInteger notified = new AtomicInteger();
        Dataflow flow = new Dataflow("past_timer");
        flow.input("in", new StatefulOperatorsTest.SlowSource(List.of("k"), Duration.ofMillis(100)))
                .keyOn("key", s -> s)
                .stateful("stuck", (Integer resume) -> new StatefulLogic<String, String, Integer>() {
                    public StateAction onItem(String value, Emitter<? super String> o) {
                        return StateAction.KEEP;
                    }

                    public StateAction onNotify(Instant now, Emitter<? super String> o) {
                        notified.incrementAndGet();
                        return StateAction.KEEP;
                    }

                    public Instant notifyAt() {
                        return Instant.EPOCH;
                    }

                    public Integer snapshot() {
                        return 0;
                    }
                })
                .output("out", new TestingSink<>(new ArrayList<>()));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                Flowstate.run(flow, RunConfig.defaults().withEpochInterval(Duration.ofMillis(10))));
        assertThat(notified.get()).isPositive();
    }
}
