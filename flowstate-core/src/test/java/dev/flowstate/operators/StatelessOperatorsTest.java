package dev.flowstate.operators;

import dev.flowstate.Dataflow;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.Stream;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.flowstate.operators.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;

class StatelessOperatorsTest {
    private static final List<Integer> ONE_TO_TEN = IntStream.rangeClosed(1, 10).boxed().toList();

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void map_transformsEachItem(int workers) {
        assertThat(run(workers, ONE_TO_TEN, s -> s.map("double", i -> i * 2)))
                .containsExactlyInAnyOrder(2, 4, 6, 8, 10, 12, 14, 16, 18, 20);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void filter_keepsMatchingItems(int workers) {
        assertThat(run(workers, ONE_TO_TEN, s -> s.filter("even", i -> i % 2 == 0)))
                .containsExactlyInAnyOrder(2, 4, 6, 8, 10);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void flatMap_emitsEveryElement(int workers) {
        assertThat(run(workers, List.of("a b", "c", ""), s -> s.flatMap("split", line -> List.of(line.split(" ")))))
                .containsExactlyInAnyOrder("a", "b", "c", "");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void filterMap_dropsNulls(int workers) {
        assertThat(run(workers, ONE_TO_TEN, s -> s.filterMap("odd_squares", i -> i % 2 == 1 ? i * i : null)))
                .containsExactlyInAnyOrder(1, 9, 25, 49, 81);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void inspect_seesEveryItemAndPassesItOn(int workers) {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        assertThat(run(workers, ONE_TO_TEN, s -> s.inspect("look", seen::add))).containsExactlyInAnyOrderElementsOf(ONE_TO_TEN);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ONE_TO_TEN);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void inspectDebug_reportsStepEpochAndWorker(int workers) {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        run(workers, ONE_TO_TEN, s -> s.redistribute("spread").inspectDebug("dbg", (step, item, epoch, worker) -> {
            assertThat(epoch).isPositive();
            assertThat(worker).isBetween(0, workers - 1);
            seen.add(step + "@" + worker);
        }));
        assertThat(seen).hasSize(workers).allMatch(s -> s.startsWith("dbg@"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void keyOnAndKeyRm_roundTrip(int workers) {
        List<KeyValue<Boolean, Integer>> keyed = run(workers, ONE_TO_TEN, s -> s.keyOn("parity", i -> i % 2 == 0));
        assertThat(keyed).contains(KeyValue.of(true, 2), KeyValue.of(false, 3)).hasSize(10);
        assertThat(run(workers, ONE_TO_TEN, s -> s.keyOn("parity", i -> i % 2 == 0).keyRm("unkey")))
                .containsExactlyInAnyOrderElementsOf(ONE_TO_TEN);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void valueOperators_keepTheKey(int workers) {
        List<KeyValue<String, Integer>> out = run(workers, List.of("a", "bb", "ccc"), s -> s
                .keyOn("key", w -> w)
                .mapValue("len", String::length)
                .filterValue("not_two", n -> n != 2)
                .flatMapValue("twice", n -> List.of(n, n * 10)));
        assertThat(out).containsExactlyInAnyOrder(KeyValue.of("a", 1), KeyValue.of("a", 10), KeyValue.of("ccc", 3),
                KeyValue.of("ccc", 30));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void branch_splitsTruesAndFalses(int workers) {
        Dataflow flow = new Dataflow("branch");
        List<Integer> evens = new ArrayList<>();
        List<Integer> odds = new ArrayList<>();
        Stream.Branched<Integer> b = flow.input("in", new TestingSource<>(ONE_TO_TEN)).branch("even", i -> i % 2 == 0);
        b.trues().output("evens", new TestingSink<>(evens));
        b.falses().output("odds", new TestingSink<>(odds));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
        assertThat(evens).containsExactlyInAnyOrder(2, 4, 6, 8, 10);
        assertThat(odds).containsExactlyInAnyOrder(1, 3, 5, 7, 9);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void merge_interleavesAllInputs(int workers) {
        Dataflow flow = new Dataflow("merge");
        List<String> out = new ArrayList<>();
        Stream<String> a = flow.input("a", new TestingSource<>(List.of("a1", "a2")));
        Stream<String> b = flow.input("b", new TestingSource<>(List.of("b1")));
        Stream<String> c = flow.input("c", new TestingSource<>(List.of("c1", "c2", "c3")));
        a.merge("all", b, c).output("out", new TestingSink<>(out));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
        assertThat(out).containsExactlyInAnyOrder("a1", "a2", "b1", "c1", "c2", "c3");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void redistribute_spreadsASinglePartitionOverAllWorkers(int workers) {
        Set<Integer> seenOn = ConcurrentHashMap.newKeySet();
        List<Integer> input = IntStream.range(0, 1000).boxed().toList();
        List<Integer> out = run(workers, input, s -> s.redistribute("spread").inspectDebug("where",
                (step, item, epoch, worker) -> seenOn.add(worker)));
        assertThat(out).containsExactlyInAnyOrderElementsOf(input);
        assertThat(seenOn).hasSize(workers);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void oneStreamFeedsSeveralSteps(int workers) {
        Dataflow flow = new Dataflow("fanout");
        List<Integer> doubled = new ArrayList<>();
        List<Integer> same = new ArrayList<>();
        Stream<Integer> in = flow.input("in", new TestingSource<>(ONE_TO_TEN));
        in.map("double", i -> i * 2).output("doubled", new TestingSink<>(doubled));
        in.output("same", new TestingSink<>(same));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
        assertThat(doubled.stream().mapToInt(i -> i).sum()).isEqualTo(110);
        assertThat(same).containsExactlyInAnyOrderElementsOf(ONE_TO_TEN);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void partitionedInput_isReadByAllWorkersExactlyOnce(int workers) {
        List<List<Integer>> parts = new ArrayList<>();
        for (int p = 0; p < 7; p++) {
            int base = p * 100;
            parts.add(IntStream.range(base, base + 100).boxed().toList());
        }
        Dataflow flow = new Dataflow("parts");
        List<Integer> out = new ArrayList<>();
        flow.input("in", TestingSource.<Integer>ofPartitions(parts)).output("out", new TestingSink<>(out));
        Flowstate.run(flow, RunConfig.defaults().withWorkers(workers));
        assertThat(out).containsExactlyInAnyOrderElementsOf(parts.stream().flatMap(List::stream).collect(Collectors.toList()));
    }
}
