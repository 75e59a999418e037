package dev.flowstate.window;

import dev.flowstate.Dataflow;
import dev.flowstate.EventClock;
import dev.flowstate.KeyedStream;
import dev.flowstate.Mode;
import dev.flowstate.StateAction;
import dev.flowstate.StatefulLogic;
import dev.flowstate.SystemClock;
import dev.flowstate.WindowOut;
import dev.flowstate.Windower;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The window API infers its types from plain lambdas (this file compiling is most of the test). */
class WindowApiTest {
    record Bid(String auction, long price, long time) {
    }

    @Test
    void signaturesInferTypesWithoutHints() {
        Dataflow flow = new Dataflow("api");
        KeyedStream<String, Bid> bids = flow.input("in", new TestingSource<>(List.<Bid>of()))
                .keyOn("key", b -> b.auction());
        Windower tumbling = Windower.tumbling(Duration.ofSeconds(10)).alignTo(Instant.parse("2020-01-01T00:00:00Z"));
        WindowOut<String, Bid, Long> counts = bids.countWindow("count",
                EventClock.ofEpochMillis(b -> b.time(), Duration.ofSeconds(1)), tumbling);
        WindowOut<String, Bid, Long> sums = bids.foldWindow("sum",
                EventClock.of(b -> Instant.ofEpochMilli(b.time()), Duration.ZERO),
                Windower.sliding(Duration.ofSeconds(10), Duration.ofSeconds(2)), () -> 0L, (acc, b) -> acc + b.price(), Long::sum);
        WindowOut<String, Bid, Bid> max = bids.maxWindow("max", EventClock.ofEpochMillis(Bid::time, Duration.ZERO)
                .withIdleTimeout(Duration.ofSeconds(5)), Windower.session(Duration.ofSeconds(3)),
                (a, b) -> Long.compare(a.price(), b.price()));
        WindowOut<String, Bid, List<Bid>> lists = bids.collectWindow("collect", SystemClock.of(), tumbling);
        WindowOut<String, KeyedStream.Joined<Bid, Bid>, KeyedStream.Joined<Bid, Bid>> joined = bids.joinWindow("join",
                EventClock.ofEpochMillis(b -> b.time(), Duration.ZERO), bids.mapValue("copy", b -> b),
                EventClock.ofEpochMillis(b -> b.time(), Duration.ZERO), tumbling, Mode.Insert.PRODUCT, Mode.Emit.FINAL);
        KeyedStream<String, Long> timed = bids.stateful("timed", EventClock.ofEpochMillis(b -> b.time(), Duration.ZERO),
                (ArrayList<Long> resume) -> new StatefulLogic<Bid, Long, ArrayList<Long>>() {
                    @Override
                    public StateAction onItem(Bid value, dev.flowstate.Emitter<? super Long> out) {
                        return StateAction.KEEP;
                    }

                    @Override
                    public ArrayList<Long> snapshot() {
                        return new ArrayList<>();
                    }
                });
        counts.down().map("fmt", kv -> kv.key() + "@" + kv.value().windowId() + "=" + kv.value().value())
                .output("out", new TestingSink<>(new ArrayList<>()));
        assertEquals("count", counts.down().stepId().replace("_down", ""));
        assertEquals(List.of(), List.of(sums, max, lists, joined, timed).stream().filter(x -> x == null).toList());
    }
}
