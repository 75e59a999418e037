package dev.flowstate.recovery;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Emitter;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyedStream;
import dev.flowstate.RunConfig;
import dev.flowstate.StateAction;
import dev.flowstate.StateAndValue;
import dev.flowstate.StatefulLogic;
import dev.flowstate.io.FileSink;
import dev.flowstate.io.FileSource;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Key identity across serialize/restore round trips (collection keys, JDK value types), arrays refused as keys, and
 * {@code onEof} running once per key for the life of a store (after a crash, on a rerun, on a grown input).
 */
class KeysAndEofRecoveryTest {
    @TempDir
    Path dir;
    Path store;

    @BeforeEach
    void initStore() {
        store = dir.resolve("store");
        Recovery.init(store, 3);
    }

    private RunConfig config(int workers) {
        return RunConfig.defaults().withWorkers(workers).withEpochInterval(Duration.ofMillis(1))
                .withRecovery(RecoveryConfig.of(store));
    }

    record Holder(List<Integer> values, String tag) {
    }

    enum Colour { RED, GREEN }

    record Mixed(UUID id, LocalDate day, Colour colour) {
    }

    private List<String> countTwiceCrashed(Function<Integer, Object> keyFn, int... workers) throws IOException {
        List<Object> items = new ArrayList<>();
        IntStream.range(0, 3000).forEach(i -> items.add(i % 8));
        items.add(2000, TestingSource.ABORT);
        items.add(1000, TestingSource.ABORT);
        TestingSource<Integer> source = TestingSource.withMarkers(items, 10);
        Path out = dir.resolve("out.txt");
        for (int run = 0; run < 3; run++) {
            Dataflow flow = new Dataflow("collection_keys");
            flow.input("in", source)
                    .keyOn("key", keyFn::apply)
                    .countFinal("count")
                    .map("format", kv -> kv.key() + " " + kv.value())
                    .output("out", new FileSink<>(out));
            if (run < 2) {
                int w = workers[run];
                assertThatThrownBy(() -> Flowstate.run(flow, config(w))).isInstanceOf(DataflowException.class)
                        .hasRootCauseInstanceOf(TestingSource.AbortException.class);
            } else {
                Flowstate.run(flow, config(workers[run]));
            }
        }
        return Files.readAllLines(out);
    }

    @Test
    void listKeys_keepOneStatePerKeyAcrossResumesAndRescales() throws IOException {
        List<String> lines = countTwiceCrashed(i -> List.of(i), 3, 2, 3);
        assertThat(lines).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 8).mapToObj(i -> "[" + i + "] 375").toList());
    }

    @Test
    void setMapAndRecordKeys_keepOneStatePerKeyAcrossResumes() throws IOException {
        List<String> sets = countTwiceCrashed(i -> Set.of(i, 100 + i), 2, 3, 1);
        assertThat(sets).hasSize(8).allSatisfy(l -> assertThat(l).endsWith(" 375"));
        Files.delete(dir.resolve("out.txt"));
        store = dir.resolve("store2");
        Recovery.init(store, 2);
        List<String> maps = countTwiceCrashed(i -> Map.of("k", i, "j", List.of(i)), 3, 3, 2);
        assertThat(maps).hasSize(8).allSatisfy(l -> assertThat(l).endsWith(" 375"));
        Files.delete(dir.resolve("out.txt"));
        store = dir.resolve("store3");
        Recovery.init(store, 2);
        List<String> records = countTwiceCrashed(i -> new Holder(List.of(i, i), "t"), 3, 1, 2);
        assertThat(records).hasSize(8).allSatisfy(l -> assertThat(l).endsWith(" 375"));
    }

    @Test
    void jdkValueKeysAndState_workWithoutAddOpens() throws IOException {
        UUID[] ids = IntStream.range(0, 8).mapToObj(i -> new UUID(i, 42)).toArray(UUID[]::new);
        List<String> uuids = countTwiceCrashed(i -> ids[i], 2, 3, 2);
        assertThat(uuids).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 8).mapToObj(i -> ids[i] + " 375").toList());
        Files.delete(dir.resolve("out.txt"));
        store = dir.resolve("store2");
        Recovery.init(store, 2);
        List<String> mixed = countTwiceCrashed(i -> new Mixed(ids[i], LocalDate.of(2026, 1, 1 + i),
                Colour.values()[i % 2]), 3, 2, 2);
        assertThat(mixed).hasSize(8).allSatisfy(l -> assertThat(l).endsWith(" 375"));

        // JDK value types as state (statefulMap keeps the last value per key) through a resume.
        Path out = dir.resolve("values.txt");
        store = dir.resolve("store3");
        Recovery.init(store, 2);
        List<Object> items = new ArrayList<>(IntStream.range(0, 400).boxed().toList());
        items.add(200, TestingSource.ABORT);
        TestingSource<Integer> source = TestingSource.withMarkers(items, 10);
        for (int run = 0; run < 2; run++) {
            Dataflow flow = new Dataflow("jdk_state");
            flow.input("in", source).keyOn("key", i -> ids[i % 4])
                    .statefulMap("last", () -> null, (List<Object> s, Integer i) -> {
                        List<Object> next = List.of(new UUID(i, i), Instant.ofEpochSecond(i), new BigDecimal(i + ".50"),
                                BigInteger.valueOf(i), Optional.of(i), URI.create("urn:x:" + i), Duration.ofSeconds(i),
                                Colour.values()[i % 2], s == null ? 0 : (Integer) s.get(8) + 1);
                        return StateAndValue.of(next, next.get(8));
                    })
                    .map("format", kv -> kv.key() + " " + kv.value())
                    .output("out", new FileSink<>(out));
            if (run == 0) {
                assertThatThrownBy(() -> Flowstate.run(flow, config(2))).isInstanceOf(DataflowException.class);
            } else {
                Flowstate.run(flow, config(3));
            }
        }
        assertThat(Files.readAllLines(out)).hasSize(400).contains(ids[0] + " 99", ids[3] + " 99");
    }

    @Test
    void stateKryoCannotSerialize_failsWithTheOneLineErrorNamingStepAndType() {
        Dataflow flow = new Dataflow("bad_state");
        flow.input("in", new TestingSource<>(List.of(1, 2, 3)))
                .keyOn("key", i -> i % 2)
                .statefulMap("remember", () -> null, (java.util.Random st, Integer i) -> StateAndValue.of(new java.util.Random(i), i))
                .output("out", new dev.flowstate.testing.TestingSink<>(new ArrayList<>()));
        assertThatThrownBy(() -> Flowstate.run(flow, config(2)))
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("step 'remember'")
                .hasMessageContaining("cannot serialize java.util.Random with the default serde (Kryo)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anArrayKey_isRefusedNamingTheStep() {
        for (int workers : new int[]{1, 2}) {
            Dataflow flow = new Dataflow("array_keys");
            flow.input("in", new TestingSource<>(List.of(1, 2, 3)))
                    .keyOn("key", i -> new int[]{i})
                    .countFinal("count")
                    .output("out", new dev.flowstate.testing.TestingSink<>(new ArrayList<>()));
            assertThatThrownBy(() -> Flowstate.run(flow, RunConfig.defaults().withWorkers(workers)))
                    .isInstanceOf(DataflowException.class)
                    .hasMessageContaining("step 'count'").hasMessageContaining("int[]")
                    .hasMessageContaining("cannot be a key");
        }
    }

    /** Counts per key and emits "key count" in onEof, keeping its state (the default). */
    static final class CountAtEof<V> implements StatefulLogic<V, String, Integer> {
        private int count;

        CountAtEof(Integer saved) {
            count = saved == null ? 0 : saved;
        }

        @Override
        public StateAction onItem(V value, Emitter<? super String> out) {
            count++;
            return StateAction.KEEP;
        }

        @Override
        public StateAction onEof(Emitter<? super String> out) {
            out.emit(String.valueOf(count));
            return StateAction.KEEP;
        }

        @Override
        public Integer snapshot() {
            return count;
        }
    }

    /**
     * The counted input ends early; a second, slower input keeps the run going and then crashes, after the end of
     * the first was committed. Neither the resume nor a rerun over the finished store may emit onEof again.
     */
    @Test
    void onEofOutput_isWrittenOnceAcrossACrashAndARerun() throws IOException {
        Path out = dir.resolve("eof.txt");
        Path other = dir.resolve("other.txt");
        List<Object> ticks = new ArrayList<>(IntStream.range(0, 3000).boxed().toList());
        ticks.add(2500, TestingSource.ABORT);
        TestingSource<Integer> slow = TestingSource.withMarkers(ticks, 1);
        TestingSource<Integer> counted = new TestingSource<>(List.of(0, 1, 0, 1, 1));
        for (int run = 0; run < 3; run++) {
            Dataflow flow = new Dataflow("eof_once");
            KeyedStream<Integer, String> counts = flow.input("counted", counted)
                    .keyOn("key", i -> i)
                    .stateful("count", (Integer saved) -> new CountAtEof<Integer>(saved));
            counts.map("format", kv -> kv.key() + " " + kv.value()).output("out", new FileSink<>(out));
            flow.input("slow", slow).map("tick", i -> i.toString()).output("ticks", new FileSink<>(other));
            if (run == 0) {
                assertThatThrownBy(() -> Flowstate.run(flow, config(2))).isInstanceOf(DataflowException.class);
                assertThat(Files.readAllLines(out)).as("onEof ran before the crash").hasSize(2);
            } else {
                Flowstate.run(flow, config(run + 1));
            }
            assertThat(Files.readAllLines(out)).as("run " + run).containsExactlyInAnyOrder("0 2", "1 3");
        }
        assertThat(Files.readAllLines(other)).hasSize(3000);
    }

    /** A rerun over a grown input calls onEof again only for the keys that got new items. */
    @Test
    void onEof_afterAGrownInput_runsForTheKeysWithNewItemsOnly() throws IOException {
        Path in = dir.resolve("in.txt");
        Path out = dir.resolve("out.txt");
        Files.write(in, List.of("0", "1", "0"));
        Flowstate.run(eofCounts(in, out), config(2));
        assertThat(Files.readAllLines(out)).containsExactlyInAnyOrder("0 2", "1 1");
        Flowstate.run(eofCounts(in, out), config(1));
        assertThat(Files.readAllLines(out)).as("nothing new, nothing changes").containsExactlyInAnyOrder("0 2", "1 1");
        Files.write(in, List.of("0", "1", "0", "1", "2"));
        Flowstate.run(eofCounts(in, out), config(3));
        assertThat(Files.readAllLines(out)).containsExactlyInAnyOrder("0 2", "1 1", "1 2", "2 1");
    }

    private static Dataflow eofCounts(Path in, Path out) {
        Dataflow flow = new Dataflow("eof_grown");
        flow.input("in", new FileSource(in))
                .keyOn("key", Integer::parseInt)
                .stateful("count", (Integer saved) -> new CountAtEof<String>(saved))
                .map("format", kv -> kv.key() + " " + kv.value())
                .output("out", new FileSink<>(out));
        return flow;
    }
}
