package dev.flowstate.testing;

import dev.flowstate.io.Drain;
import dev.flowstate.io.SourcePartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestingSourceTest {

    private static <T> SourcePartition<T, Integer> open(TestingSource<T> source, Integer state) {
        return source.buildPartition("0", state);
    }

    @Test
    void whenBuiltFromOneList_hasPartitionZeroEmittingEveryItemInOrder() throws Exception {
        TestingSource<String> source = new TestingSource<>(List.of("a", "b", "c"));
        assertThat(source.listPartitions()).containsExactly("0");
        SourcePartition<String, Integer> p = open(source, null);
        assertThat(Drain.all(p)).containsExactly("a", "b", "c");
        assertThat(p.snapshot()).isEqualTo(3);
    }

    @Test
    void whenListIsEmpty_isExhaustedAtOnce() throws Exception {
        SourcePartition<Object, Integer> p = open(new TestingSource<>(List.of()), null);
        assertThat(p.nextBatch(item -> { throw new AssertionError(); })).isFalse();
    }

    @Test
    void whenBatchSizeIsGiven_emitsAtMostThatManyItemsPerBatch() throws Exception {
        SourcePartition<Integer, Integer> p = open(new TestingSource<>(List.of(1, 2, 3, 4, 5), 2), null);
        assertThat(Drain.batch(p)).containsExactly(1, 2);
        assertThat(p.snapshot()).isEqualTo(2);
        assertThat(Drain.batch(p)).containsExactly(3, 4);
        List<Integer> last = new ArrayList<>();
        assertThat(p.nextBatch(last::add)).isFalse();
        assertThat(last).containsExactly(5);
    }

    @Test
    void byDefault_emitsAHundredItemsPerBatch() throws Exception {
        List<Integer> items = IntStream.range(0, 250).boxed().toList();
        assertThat(Drain.batch(open(new TestingSource<>(items), null))).hasSize(TestingSource.DEFAULT_BATCH_SIZE);
    }

    @Test
    void whenResumed_continuesAtTheSavedIndex() throws Exception {
        TestingSource<String> source = new TestingSource<>(List.of("a", "b", "c", "d"), 3);
        SourcePartition<String, Integer> first = open(source, null);
        Drain.batch(first);
        assertThat(Drain.all(open(source, first.snapshot()))).containsExactly("d");
    }

    @Test
    void ofPartitions_namesPartitionsByIndex() throws Exception {
        TestingSource<String> source = TestingSource.ofPartitions(List.of(List.of("a"), List.of("b", "c")));
        assertThat(source.listPartitions()).containsExactly("0", "1");
        assertThat(Drain.all(source.buildPartition("1", null))).containsExactly("b", "c");
    }

    @Test
    void whenMoreThanTenPartitions_namesAreZeroPaddedSoSortedOrderIsIndexOrder() throws Exception {
        List<List<Integer>> lists = IntStream.range(0, 12).mapToObj(List::of).toList();
        TestingSource<Integer> source = TestingSource.ofPartitions(lists);
        List<String> names = source.listPartitions();
        assertThat(names).startsWith("00", "01").endsWith("10", "11").isSorted();
        for (int i = 0; i < names.size(); i++) {
            assertThat(Drain.all(source.buildPartition(names.get(i), null))).containsExactly(i);
        }
    }

    @Test
    void whenExactlyTenPartitions_namesAreSingleDigits() {
        List<List<Integer>> lists = IntStream.range(0, 10).mapToObj(List::of).toList();
        assertThat(TestingSource.ofPartitions(lists).listPartitions()).contains("0", "9").doesNotContain("00");
    }

    @Test
    void whenEofMarkerIsReached_reportsExhaustedAndSnapshotPointsAfterTheMarker() throws Exception {
        TestingSource<String> source = TestingSource.withMarkers(List.of("a", TestingSource.EOF, "b"));
        SourcePartition<String, Integer> p = open(source, null);
        List<String> out = new ArrayList<>();
        assertThat(p.nextBatch(out::add)).isFalse();
        assertThat(out).containsExactly("a");
        assertThat(p.snapshot()).isEqualTo(2);
    }

    @Test
    void whenResumedAfterEofMarker_continuesWithTheFollowingItems() throws Exception {
        TestingSource<String> source = TestingSource.withMarkers(List.of("a", TestingSource.EOF, "b", "c"));
        SourcePartition<String, Integer> first = open(source, null);
        Drain.all(first);
        assertThat(Drain.all(open(source, first.snapshot()))).containsExactly("b", "c");
    }

    @Test
    void whenAbortMarkerIsReachedFirstTime_throwsAfterHandingOverPrecedingItems() throws Exception {
        TestingSource<String> source = TestingSource.withMarkers(List.of("a", "b", TestingSource.ABORT, "c"));
        SourcePartition<String, Integer> p = open(source, null);
        assertThat(Drain.batch(p)).containsExactly("a", "b");
        assertThat(p.snapshot()).isEqualTo(2);
        assertThatThrownBy(() -> p.nextBatch(item -> { }))
                .isInstanceOf(TestingSource.AbortException.class)
                .isInstanceOf(RuntimeException.class)
                .hasMessage("simulated crash at index 2 of partition 0")
                .satisfies(e -> {
                    TestingSource.AbortException abort = (TestingSource.AbortException) e;
                    assertThat(abort.partition()).isEqualTo("0");
                    assertThat(abort.index()).isEqualTo(2);
                });
        assertThat(p.snapshot()).isEqualTo(2);
    }

    @Test
    void whenResumedBeforeAFiredAbort_skipsItAndContinues() throws Exception {
        TestingSource<String> source = TestingSource.withMarkers(List.of("a", TestingSource.ABORT, "b"), 1);
        SourcePartition<String, Integer> first = open(source, null);
        assertThat(Drain.batch(first)).containsExactly("a");
        Integer saved = first.snapshot();
        assertThatThrownBy(() -> Drain.all(first)).isInstanceOf(TestingSource.AbortException.class);

        assertThat(Drain.all(open(source, saved))).containsExactly("b");
        assertThat(Drain.all(open(source, null))).as("a rerun from scratch also skips it").containsExactly("a", "b");
    }

    @Test
    void abortBookkeeping_isPerInstance() {
        List<Object> items = List.of(TestingSource.ABORT, "a");
        assertThatThrownBy(() -> Drain.all(open(new TestingSource<>(items), null)))
                .isInstanceOf(TestingSource.AbortException.class);
        assertThatThrownBy(() -> Drain.all(open(new TestingSource<>(items), null)))
                .isInstanceOf(TestingSource.AbortException.class);
    }

    @Test
    void abortBookkeeping_isPerPartitionAndIndex() throws Exception {
        TestingSource<String> source = TestingSource.ofPartitions(List.of(
                List.of(TestingSource.ABORT, "a", TestingSource.ABORT, "b"),
                List.of(TestingSource.ABORT, "c")));
        SourcePartition<String, Integer> p0 = source.buildPartition("0", null);
        assertThatThrownBy(() -> p0.nextBatch(item -> { })).hasMessage("simulated crash at index 0 of partition 0");
        SourcePartition<String, Integer> p0again = source.buildPartition("0", null);
        assertThat(Drain.batch(p0again)).containsExactly("a");
        assertThatThrownBy(() -> p0again.nextBatch(item -> { }))
                .hasMessage("simulated crash at index 2 of partition 0");
        assertThatThrownBy(() -> Drain.all(source.buildPartition("1", null)))
                .hasMessage("simulated crash at index 0 of partition 1");
        assertThat(Drain.all(source.buildPartition("1", null))).containsExactly("c");
    }

    @Test
    void whenItemIsNull_constructorFailsNamingItsPosition() {
        List<String> items = new ArrayList<>();
        items.add("a");
        items.add(null);
        assertThatThrownBy(() -> new TestingSource<>(items))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("item at index 1 of partition 0 is null");
    }

    @Test
    void itemsAreCopiedAtConstruction() throws Exception {
        List<String> items = new ArrayList<>(List.of("a"));
        TestingSource<String> source = new TestingSource<>(items);
        items.add("b");
        assertThat(Drain.all(open(source, null))).containsExactly("a");
    }

    @Test
    void whenPartitionOrResumeIndexIsInvalid_isRejected() {
        TestingSource<String> source = new TestingSource<>(List.of("a"));
        assertThatThrownBy(() -> source.buildPartition("1", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> source.buildPartition("0", 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> source.buildPartition("0", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TestingSource<>(List.of("a"), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
