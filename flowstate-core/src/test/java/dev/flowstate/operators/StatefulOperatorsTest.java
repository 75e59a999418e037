package dev.flowstate.operators;

import dev.flowstate.Dataflow;
import dev.flowstate.Emitter;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.KeyedStream;
import dev.flowstate.Mode;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAction;
import dev.flowstate.StateAndValue;
import dev.flowstate.StatefulLogic;
import dev.flowstate.io.PartitionedSource;
import dev.flowstate.io.SourcePartition;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static dev.flowstate.operators.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;

class StatefulOperatorsTest {
    private static final List<String> WORDS = List.of("a", "b", "a", "c", "a", "b");

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void statefulMap_runningCountPerKeyInArrivalOrder(int workers) {
        List<KeyValue<String, Long>> out = run(workers, WORDS, s -> s.keyOn("key", w -> w)
                .statefulMap("count", () -> 0L, (n, w) -> StateAndValue.of(n + 1, n + 1)));
        assertThat(out).containsExactlyInAnyOrder(KeyValue.of("a", 1L), KeyValue.of("a", 2L), KeyValue.of("a", 3L),
                KeyValue.of("b", 1L), KeyValue.of("b", 2L), KeyValue.of("c", 1L));
        assertThat(out.stream().filter(kv -> kv.key().equals("a")).map(KeyValue::value)).containsExactly(1L, 2L, 3L);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void statefulMap_nullStateDiscardsAndRestartsFromNull(int workers) {
        // Sum values per key, reset after the sum reaches 3.
        List<KeyValue<String, Integer>> out = run(workers, List.of(1, 1, 1, 1, 2), s -> s.keyOn("key", i -> "k")
                .statefulMap("sum", (Integer sum, Integer v) -> {
                    int next = (sum == null ? 0 : sum) + v;
                    return StateAndValue.of(next >= 3 ? null : next, next);
                }));
        assertThat(out).extracting(KeyValue::value).containsExactly(1, 2, 3, 1, 3);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void statefulFlatMap_emitsEveryValue(int workers) {
        List<KeyValue<String, String>> out = run(workers, List.of("x", "x"), s -> s.keyOn("key", w -> w)
                .statefulFlatMap("repeat", () -> 0, (n, w) -> StateAndValue.of(n + 1, List.of(w + n, w + n))));
        assertThat(out).extracting(KeyValue::value).containsExactly("x0", "x0", "x1", "x1");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void finalAggregates_emitOncePerKeyAtEof(int workers) {
        List<Integer> input = List.of(5, 3, 9, 1, 4, 8);
        assertThat(run(workers, input, s -> s.keyOn("parity", i -> i % 2).countFinal("n")))
                .containsExactlyInAnyOrder(KeyValue.of(1, 4L), KeyValue.of(0, 2L));
        assertThat(run(workers, input, s -> s.keyOn("parity", i -> i % 2).reduceFinal("sum", Integer::sum)))
                .containsExactlyInAnyOrder(KeyValue.of(1, 18), KeyValue.of(0, 12));
        assertThat(run(workers, input, s -> s.keyOn("parity", i -> i % 2).foldFinal("list", ArrayList<Integer>::new,
                (acc, v) -> {
                    acc.add(v);
                    return acc;
                }))).extracting(kv -> kv.key() + "=" + kv.value()).containsExactlyInAnyOrder("1=[5, 3, 9, 1]", "0=[4, 8]");
        assertThat(run(workers, input, s -> s.keyOn("parity", i -> i % 2).maxFinal("max")))
                .containsExactlyInAnyOrder(KeyValue.of(1, 9), KeyValue.of(0, 8));
        assertThat(run(workers, input, s -> s.keyOn("parity", i -> i % 2).minFinal("min")))
                .containsExactlyInAnyOrder(KeyValue.of(1, 1), KeyValue.of(0, 4));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void collect_emitsFullListsAndTheRestAtEof(int workers) {
        List<KeyValue<String, List<Integer>>> out = run(workers, IntStream.range(0, 7).boxed().toList(), s -> s
                .keyOn("key", i -> "k").collect("batches", 3, Duration.ofHours(1)));
        assertThat(out).extracting(KeyValue::value).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
    }

    @Test
    void collect_emitsAPartialListWhenTheTimeoutPasses() {
        // One item, then the source idles for 300 ms before ending: the 50 ms timeout must fire in between.
        Dataflow flow = new Dataflow("collect_timeout");
        List<KeyValue<String, List<String>>> out = new ArrayList<>();
        flow.input("in", new SlowSource(List.of("a"), Duration.ofMillis(300)))
                .keyOn("key", w -> w)
                .collect("batch", 10, Duration.ofMillis(50))
                .inspect("stamp", kv -> assertThat(SlowSource.finished).isFalse())
                .output("out", new TestingSink<>(out));
        Flowstate.run(flow, RunConfig.defaults().withEpochInterval(Duration.ofMillis(20)));
        assertThat(out).containsExactly(KeyValue.of("a", List.of("a")));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void stateful_callsItemTimerAndEofCallbacks(int workers) {
        List<KeyValue<String, String>> out = run(workers, List.of("a", "b", "a"), s -> s.keyOn("key", w -> w)
                .stateful("log", SeenLogic::new));
        assertThat(out).containsExactlyInAnyOrder(KeyValue.of("a", "item 1"), KeyValue.of("a", "item 2"),
                KeyValue.of("b", "item 1"), KeyValue.of("a", "eof after 2"), KeyValue.of("b", "eof after 1"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void join_completeEmitsOncePerKeyWhenAllSidesArrived(int workers) {
        Dataflow flow = new Dataflow("join");
        List<KeyValue<Integer, KeyedStream.Joined<String, Double>>> out = new ArrayList<>();
        KeyedStream<Integer, String> users = flow.input("users", new TestingSource<>(List.of("1:ann", "2:bob", "3:cy")))
                .keyOn("user_id", l -> Integer.parseInt(l.split(":")[0])).mapValue("name", l -> l.split(":")[1]);
        KeyedStream<Integer, Double> orders = flow.input("orders", new TestingSource<>(List.of("2:9.5", "1:3.0", "2:1.0")))
                .keyOn("order_user", l -> Integer.parseInt(l.split(":")[0])).mapValue("amount", l -> Double.parseDouble(l.split(":")[1]));
        users.join("joined", orders, Mode.Insert.FIRST, Mode.Emit.COMPLETE).output("out", new TestingSink<>(out));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
        Map<Integer, KeyedStream.Joined<String, Double>> byKey = new HashMap<>();
        out.forEach(kv -> byKey.put(kv.key(), kv.value()));
        assertThat(byKey).containsOnlyKeys(1, 2);
        assertThat(byKey.get(1)).isEqualTo(new KeyedStream.Joined<>("ann", 3.0));
        assertThat(byKey.get(2).left()).isEqualTo("bob");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void join_finalProductEmitsTheCrossProductAtEofIncludingMissingSides(int workers) {
        Dataflow flow = new Dataflow("join_final");
        List<KeyValue<String, KeyedStream.Joined<Integer, Integer>>> out = new ArrayList<>();
        KeyedStream<String, Integer> left = flow.input("l", new TestingSource<>(List.of(1, 2, 3)))
                .keyOn("lk", i -> i == 3 ? "only_left" : "k");
        KeyedStream<String, Integer> right = flow.input("r", new TestingSource<>(List.of(10, 20)))
                .keyOn("rk", i -> "k");
        left.join("j", right, Mode.Insert.PRODUCT, Mode.Emit.FINAL).output("out", new TestingSink<>(out));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
        assertThat(out).containsExactlyInAnyOrder(
                KeyValue.of("k", new KeyedStream.Joined<>(1, 10)), KeyValue.of("k", new KeyedStream.Joined<>(1, 20)),
                KeyValue.of("k", new KeyedStream.Joined<>(2, 10)), KeyValue.of("k", new KeyedStream.Joined<>(2, 20)),
                KeyValue.of("only_left", new KeyedStream.Joined<>(3, null)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void join_runningLastEmitsTheLatestOfEachSideOnEveryItem(int workers) {
        Dataflow flow = new Dataflow("join_running");
        List<KeyValue<String, List<Object>>> out = new ArrayList<>();
        KeyedStream<String, Integer> a = flow.input("a", new TestingSource<>(List.of(1, 2))).keyOn("ak", i -> "k");
        KeyedStream<String, Integer> b = flow.input("b", new TestingSource<>(List.<Integer>of())).keyOn("bk", i -> "k");
        KeyedStream.joinAll("j", List.of(a, b), Mode.Insert.LAST, Mode.Emit.RUNNING).output("out", new TestingSink<>(out));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
        assertThat(out).extracting(KeyValue::value).containsExactly(java.util.Arrays.asList(1, null), java.util.Arrays.asList(2, null));
    }

    /** Emits a line per item and one at EOF, counting items in its state. */
    static final class SeenLogic implements StatefulLogic<String, String, Integer> {
        private int seen;

        SeenLogic(Integer resume) {
            seen = resume == null ? 0 : resume;
        }

        @Override
        public StateAction onItem(String value, Emitter<? super String> out) {
            out.emit("item " + ++seen);
            return StateAction.KEEP;
        }

        @Override
        public StateAction onEof(Emitter<? super String> out) {
            out.emit("eof after " + seen);
            return StateAction.DISCARD;
        }

        @Override
        public Integer snapshot() {
            return seen;
        }
    }

    /** Emits its items at once, then reports EOF only after {@code idle} has passed (using next-awake, not sleep). */
    static final class SlowSource implements PartitionedSource<String, Integer> {
        static volatile boolean finished;
        private final List<String> items;
        private final Duration idle;

        SlowSource(List<String> items, Duration idle) {
            this.items = items;
            this.idle = idle;
            finished = false;
        }

        @Override
        public List<String> listPartitions() {
            return List.of("only");
        }

        @Override
        public SourcePartition<String, Integer> buildPartition(String partition, Integer resumeState) {
            return new SourcePartition<>() {
                private Instant endAt;

                @Override
                public boolean nextBatch(Consumer<? super String> out) {
                    if (endAt == null) {
                        items.forEach(out);
                        endAt = Instant.now().plus(idle);
                        return true;
                    }
                    if (Instant.now().isBefore(endAt)) {
                        return true;
                    }
                    finished = true;
                    return false;
                }

                @Override
                public Instant nextAwake() {
                    return endAt;
                }

                @Override
                public Integer snapshot() {
                    return 0;
                }
            };
        }
    }
}
