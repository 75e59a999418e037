package dev.flowstate.window;

import dev.flowstate.Dataflow;
import dev.flowstate.EventClock;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.KeyedStream;
import dev.flowstate.Mode;
import dev.flowstate.RunConfig;
import dev.flowstate.WindowOut;
import dev.flowstate.Windower;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Window bugs users hit in Bytewax, each pinned here (issue numbers of bytewax/bytewax). */
class WindowRegressionTest {
    record Ev(String key, long ts, String side) {
    }

    private static final long NOW = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();

    /** #413: an alignment far in the past (or future) must not make current items late or shift their windows. */
    @Test
    void alignmentFarInThePast_doesNotMakeCurrentItemsLate() {
        for (Instant align : List.of(Instant.parse("1900-01-01T00:00:00Z"), Instant.EPOCH,
                Instant.parse("2999-01-01T00:00:00Z"))) {
            Dataflow flow = new Dataflow("align");
            List<KeyValue<String, Long>> counts = new ArrayList<>();
            List<Object> late = new ArrayList<>();
            WindowOut<String, Ev, Long> out = flow.input("in", new TestingSource<>(List.of(
                            new Ev("k", NOW, "a"), new Ev("k", NOW + 30_000, "a"), new Ev("k", NOW + 61_000, "a"))))
                    .keyOn("key", Ev::key)
                    .countWindow("count", EventClock.ofEpochMillis(Ev::ts, Duration.ofSeconds(5)),
                            Windower.tumbling(Duration.ofMinutes(1)).alignTo(align));
            out.down().mapValue("v", w -> w.value()).output("out", new TestingSink<>(counts));
            out.late().output("late", new TestingSink<>(late));
            List<KeyValue<String, dev.flowstate.WindowMeta>> meta = new ArrayList<>();
            out.meta().output("meta", new TestingSink<>(meta));
            Flowstate.run(flow, RunConfig.defaults().withWorkers(2));
            assertThat(late).as("late with alignment " + align).isEmpty();
            assertThat(counts).extracting(KeyValue::value).containsExactly(2L, 1L);
            assertThat(meta.get(0).value().start()).isEqualTo(Instant.ofEpochMilli(NOW));
        }
    }

    /** #406: a session-window join gives the same rows whichever side arrives first. */
    @Test
    void sessionJoin_doesNotDependOnWhichSideArrivesFirst() {
        List<Ev> leftFirst = List.of(new Ev("k", 100, "L"), new Ev("k", 105, "R"), new Ev("k", 120, "L"),
                new Ev("k", 300, "R"), new Ev("k", 302, "L"));
        List<Ev> rightFirst = new ArrayList<>(leftFirst);
        Collections.reverse(rightFirst);
        for (Mode.Insert insert : Mode.Insert.values()) {
            List<String> a = sessionJoin(leftFirst, insert);
            List<String> b = sessionJoin(rightFirst, insert);
            assertThat(a).as("insert " + insert).isNotEmpty().containsExactlyInAnyOrderElementsOf(b);
        }
        assertThat(sessionJoin(leftFirst, Mode.Insert.FIRST)).containsExactlyInAnyOrder("100:L100xR105", "300:L302xR300");
    }

    private static List<String> sessionJoin(List<Ev> events, Mode.Insert insert) {
        Dataflow flow = new Dataflow("session_join");
        KeyedStream<String, Ev> keyed = flow.input("in", new TestingSource<>(events)).keyOn("key", Ev::key);
        // Generous out-of-orderness: the reversed order must not make anything late.
        EventClock<Ev> clock = EventClock.ofEpochMillis(Ev::ts, Duration.ofSeconds(1));
        List<String> rows = new ArrayList<>();
        keyed.filterValue("left", e -> e.side().equals("L"))
                .joinWindow("join", clock, keyed.filterValue("right", e -> e.side().equals("R")), clock,
                        Windower.session(Duration.ofMillis(50)), insert, Mode.Emit.FINAL)
                .down().map("fmt", kv -> kv.value().windowId() + ":" + side(kv.value().value().left())
                        + "x" + side(kv.value().value().right()))
                .output("out", new TestingSink<>(rows));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(2));
        return rows;
    }

    private static String side(Ev e) {
        return e == null ? "-" : e.side() + e.ts();
    }

    /**
     * #221: a window's result comes out once the watermark passes its end, not at the next epoch boundary or end
     * of input: with hour-long epochs and a source that stays open, the result must arrive while the source waits.
     */
    @Test
    void outputDoesNotWaitForTheNextEpoch() {
        HoldingSource<Ev> source = new HoldingSource<>(List.of(List.of(new Ev("k", 1, "a"), new Ev("k", 2, "a"),
                new Ev("k", 25, "a"))));
        Dataflow flow = new Dataflow("prompt");
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        flow.input("in", source).keyOn("key", Ev::key)
                .countWindow("count", EventClock.ofEpochMillis(Ev::ts, Duration.ZERO), Windower.tumbling(Duration.ofMillis(10)))
                .down().map("fmt", kv -> kv.value().windowId() + "=" + kv.value().value())
                .inspect("release", s -> source.release()) // the first result ends the wait
                .output("out", new TestingSink<>(out));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(2).withEpochInterval(Duration.ofHours(1)));
        assertThat(source.wasReleased()).as("the window result came before end of input").isTrue();
        assertThat(out).containsExactly("0=2", "2=1");
    }

    /** #364: counting windows count each item once, also on sliding windows kept as panes. */
    @Test
    void countingWindows_countEachItemOnce() {
        List<Long> times = LongStream.range(0, 1000).boxed().toList();
        for (int workers : List.of(1, 3)) {
            Dataflow flow = new Dataflow("count_once");
            List<KeyValue<String, dev.flowstate.Windowed<Long>>> tumbling = new ArrayList<>();
            List<KeyValue<String, dev.flowstate.Windowed<Long>>> sliding = new ArrayList<>();
            KeyedStream<String, Long> keyed = flow.input("in", new TestingSource<>(times)).keyOn("key", t -> "k" + t % 7);
            EventClock<Long> clock = EventClock.ofEpochMillis(t -> t, Duration.ZERO);
            keyed.countWindow("tumbling", clock, Windower.tumbling(Duration.ofMillis(100))).down()
                    .output("t", new TestingSink<>(tumbling));
            keyed.countWindow("sliding", clock, Windower.sliding(Duration.ofMillis(100), Duration.ofMillis(20))).down()
                    .output("s", new TestingSink<>(sliding));
            Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
            assertThat(tumbling.stream().mapToLong(kv -> kv.value().value()).sum()).isEqualTo(1000);
            // every item is in length / offset = 5 sliding windows
            assertThat(sliding.stream().mapToLong(kv -> kv.value().value()).sum()).isEqualTo(5000);
            assertThat(sliding).filteredOn(kv -> kv.value().windowId() == 10 && kv.key().equals("k0"))
                    .extracting(kv -> kv.value().value()).containsExactly(14L); // 203, 210, ..., 294
        }
    }
}
