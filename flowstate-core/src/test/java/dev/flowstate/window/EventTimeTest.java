package dev.flowstate.window;

import dev.flowstate.Dataflow;
import dev.flowstate.Emitter;
import dev.flowstate.EventClock;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.TimeDomain;
import dev.flowstate.Windower;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Event-time timers of the general stateful operator, and watermarks of idle and quiet partitions. */
class EventTimeTest {
    record Ev(String key, long ts) {
    }

    /** Asks to be called 10 ms of event time after each key's first item; reports which timer fired. */
    static final class Deadline implements StatefulLogic<Ev, String, Long> {
        private Long due;

        Deadline(Long resume) {
            due = resume;
        }

        @Override
        public StateAction onItem(Ev value, Emitter<? super String> out) {
            if (due == null) {
                due = value.ts() + 10;
            }
            return StateAction.KEEP;
        }

        @Override
        public StateAction onNotify(Instant time, TimeDomain domain, Emitter<? super String> out) {
            out.emit(domain + "@" + time.toEpochMilli());
            return StateAction.DISCARD;
        }

        @Override
        public StateAction onEof(Emitter<? super String> out) {
            out.emit("eof");
            return StateAction.DISCARD;
        }

        @Override
        public Instant notifyAtEventTime() {
            return due == null ? null : Instant.ofEpochMilli(due);
        }

        @Override
        public Long snapshot() {
            return due;
        }
    }

    @Test
    void eventTimeTimerFiresWhenTheWatermarkPassesIt_andSaysWhichTimeFired() {
        for (int workers : List.of(1, 3)) {
            Dataflow flow = new Dataflow("timers");
            List<KeyValue<String, String>> out = new ArrayList<>();
            flow.input("in", TestingSource.<Ev>ofPartitions(List.of(
                            List.of(new Ev("a", 100), new Ev("b", 105), new Ev("a", 112), new Ev("b", 300)),
                            List.of(new Ev("c", 100), new Ev("c", 400)))))
                    .keyOn("key", Ev::key)
                    .stateful("deadline", EventClock.ofEpochMillis((Ev e) -> e.ts(), Duration.ZERO), Deadline::new)
                    .output("out", new TestingSink<>(out));
            Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
            // b's second item and c's second item arrive before the watermark that fires their first timers (the
            // watermark follows the items), so each key fires once and is discarded: nothing is left for EOF.
            assertThat(out).containsExactlyInAnyOrder(KeyValue.of("a", "EVENT@110"), KeyValue.of("b", "EVENT@115"),
                    KeyValue.of("c", "EVENT@110"));
        }
    }

    /**
     * A partition that has gone quiet (open, no items) holds the watermark back, until the idle timeout lets the
     * others go on: windows of the busy partition close while the quiet one is still open.
     */
    @Test
    void idlePartitionStopsHoldingTheWatermarkBack() {
        // partition 0 emits k at times 1..60, one item per 5 ms; partition 1 stays open and never sends anything
        List<Ev> busy = java.util.stream.LongStream.rangeClosed(1, 60).mapToObj(t -> new Ev("k", t)).toList();
        HoldingSource<Ev> source = new HoldingSource<>(List.of(busy, List.of()), 5);
        Dataflow flow = new Dataflow("idle");
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        flow.input("in", source).keyOn("key", Ev::key)
                .countWindow("count", EventClock.ofEpochMillis(Ev::ts, Duration.ZERO).withIdleTimeout(Duration.ofMillis(100)),
                        Windower.tumbling(Duration.ofMillis(10)))
                .down().map("fmt", kv -> kv.key() + kv.value().windowId() + "=" + kv.value().value())
                .inspect("release", s -> source.release())
                .output("out", new TestingSink<>(out));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(2).withEpochInterval(Duration.ofHours(1)));
        assertThat(source.wasReleased()).as("k's window closed while q's partition was quiet").isTrue();
        assertThat(out).containsExactly("k0=9", "k1=10", "k2=10", "k3=10", "k4=10", "k5=10", "k6=1");
    }

    /** With wall-clock advance, a single quiet partition closes its own windows without any further item. */
    @Test
    void wallClockAdvanceClosesWindowsOfAQuietStream() {
        HoldingSource<Ev> source = new HoldingSource<>(List.of(List.of(new Ev("k", 1), new Ev("k", 2))));
        Dataflow flow = new Dataflow("quiet");
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        flow.input("in", source).keyOn("key", Ev::key)
                .countWindow("count", EventClock.ofEpochMillis(Ev::ts, Duration.ofSeconds(1)).withWallClockAdvance(),
                        Windower.tumbling(Duration.ofMillis(10)))
                .down().map("fmt", kv -> kv.value().windowId() + "=" + kv.value().value())
                .inspect("release", s -> source.release())
                .output("out", new TestingSink<>(out));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(1).withEpochInterval(Duration.ofHours(1)));
        assertThat(source.wasReleased()).isTrue();
        assertThat(out).containsExactly("0=2");
    }
}
