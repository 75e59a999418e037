package dev.flowstate.recovery;

import dev.flowstate.Dataflow;
import dev.flowstate.Emitter;
import dev.flowstate.KeyedStream;
import dev.flowstate.Mode;
import dev.flowstate.StateAction;
import dev.flowstate.StateAndValue;
import dev.flowstate.StatefulLogic;
import dev.flowstate.Stream;
import dev.flowstate.io.FileSink;
import dev.flowstate.testing.TestingSource;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * One randomly drawn dataflow for {@link RandomRecoveryTest}: a stateless prefix (map, filter, flatMap,
 * branch + merge), a key of a random type, one or two stateful operators of any kind, and a FileSink; optionally a
 * second, slower input that keeps the run going (and crashes) after the keyed input ended, so that crashes after a
 * committed end of input are exercised too. Items are {@code keyIndex + K * n}; every stateless step keeps
 * {@code item % K}, and each key's items all come from one source partition, so every operator's output is
 * deterministic per key and a crashed, rescaled, resumed run must write exactly the lines of a plain run.
 */
final class RandomFlow {
    /** The key types drawn from; each maps a key index to a key, and equal indexes to equal keys. */
    enum KeyType {
        STRING(i -> "k" + i), INTEGER(i -> i), LONG(i -> (long) i << 33), UUID_KEY(i -> new UUID(i, -i)),
        LIST(i -> List.of(i, "x")), SET(i -> Set.of(i, -1 - i)), MAP(i -> Map.of("a", i, "b", List.of(i))),
        RECORD(i -> new Holder(List.of(i), Set.of("s" + i))), ENUM(i -> new Pair(DayOfWeek.of(1 + i % 7), i / 7)),
        TIME(i -> LocalDate.of(2026, 1, 1).plusDays(i));

        final IntFunction<Object> make;

        KeyType(IntFunction<Object> make) {
            this.make = make;
        }
    }

    record Holder(List<Integer> values, Set<String> tags) {
    }

    record Pair(DayOfWeek day, int n) {
    }

    enum Op { RUNNING, RUNNING_FLAT, EOF_KEEP, EOF_DISCARD, COLLECT, REDUCE, FOLD, COUNT, MAX, MIN, JOIN }

    final long seed;
    final int keys;
    final KeyType keyType;
    final List<List<Object>> partitions = new ArrayList<>();
    final List<Object> ticks;
    final int batch;
    final List<String> prefix = new ArrayList<>();
    final List<Op> ops = new ArrayList<>();
    final int collectSize;
    final Mode.Insert joinInsert;
    final List<Integer> workerCounts = new ArrayList<>();
    final int storePartitions;
    final Duration epoch;
    int aborts;

    RandomFlow(long seed) {
        this.seed = seed;
        Random r = new Random(seed);
        keys = 1 + r.nextInt(12);
        keyType = KeyType.values()[r.nextInt(KeyType.values().length)];
        int parts = 1 + r.nextInt(3);
        for (int p = 0; p < parts; p++) {
            partitions.add(new ArrayList<>());
        }
        int n = 50 + r.nextInt(800);
        for (int i = 0; i < n; i++) {
            int key = r.nextInt(keys);
            partitions.get(key % parts).add(key + keys * i);
        }
        batch = 1 + r.nextInt(25);
        String[] stateless = {"map", "filter", "flatMap", "branchMerge"};
        for (int i = r.nextInt(4); i > 0; i--) {
            prefix.add(stateless[r.nextInt(stateless.length)]);
        }
        ops.add(Op.values()[r.nextInt(Op.values().length)]);
        if (r.nextInt(3) == 0 && ops.get(0).ordinal() <= Op.RUNNING_FLAT.ordinal()) {
            ops.add(Op.values()[r.nextInt(Op.values().length)]); // a running step can feed a second stateful step
        }
        collectSize = 2 + r.nextInt(5);
        joinInsert = Mode.Insert.values()[r.nextInt(Mode.Insert.values().length)];
        ticks = r.nextBoolean() ? new ArrayList<>() : null;
        if (ticks != null) {
            for (int i = 0; i < 100 + r.nextInt(200); i++) {
                ticks.add(i);
            }
        }
        // Crashes: ABORT markers in the keyed input's partitions and in the ticks.
        for (int a = 1 + r.nextInt(3); a > 0; a--) {
            List<Object> target = ticks != null && r.nextBoolean() ? ticks : partitions.get(r.nextInt(parts));
            target.add(r.nextInt(target.size() + 1), TestingSource.ABORT);
            aborts++;
        }
        for (int run = 0; run <= aborts + 1; run++) {
            workerCounts.add(1 + r.nextInt(4));
        }
        storePartitions = 1 + r.nextInt(3);
        epoch = Duration.ofMillis(1 + r.nextInt(4));
    }

    /** The same items without the crash markers, for the reference run. */
    List<List<Object>> withoutAborts(List<List<Object>> lists) {
        return lists.stream().map(l -> l.stream().filter(o -> o != TestingSource.ABORT).toList()).toList();
    }

    @Override
    public String toString() {
        return "seed " + seed + ": " + keys + " " + keyType + " keys, " + partitions.size() + " partitions of "
                + partitions.stream().mapToInt(List::size).sum() + " items (batch " + batch + "), prefix " + prefix
                + ", ops " + ops + (ops.contains(Op.COLLECT) ? " (collect " + collectSize + ")" : "")
                + (ops.contains(Op.JOIN) ? " (join " + joinInsert + ")" : "") + (ticks != null ? ", ticks " + ticks.size() : "")
                + ", " + aborts + " aborts, workers " + workerCounts + ", epoch " + epoch.toMillis() + " ms, store partitions "
                + storePartitions;
    }

    /** Builds the dataflow over the given sources, writing to {@code out} (and the ticks to {@code ticksOut}). */
    Dataflow build(TestingSource<Integer> input, TestingSource<Integer> tickSource, Path out, Path ticksOut) {
        Dataflow flow = new Dataflow("random_" + Long.toHexString(seed));
        int k = keys;
        Stream<Integer> s = flow.input("in", input);
        for (int i = 0; i < prefix.size(); i++) {
            String id = prefix.get(i) + "_" + i;
            switch (prefix.get(i)) {
                case "map" -> s = s.map(id, v -> v + 7 * k);
                case "filter" -> s = s.filter(id, v -> (v / k) % 5 != 1);
                case "flatMap" -> s = s.flatMap(id, v -> (v / k) % 3 == 0 ? List.of(v, v + 100_000 * k) : List.of(v));
                default -> {
                    Stream.Branched<Integer> b = s.branch(id, v -> (v / k) % 2 == 0);
                    s = b.trues().map(id + "_t", v -> v + 3 * k).merge(id + "_m", b.falses());
                }
            }
        }
        Map<Object, Integer> index = new HashMap<>();
        for (int i = 0; i < k; i++) {
            index.put(keyType.make.apply(i), i);
        }
        KeyType type = keyType;
        KeyedStream<Object, Integer> keyed = s.keyOn("key", v -> type.make.apply(v % k));
        KeyedStream<Object, ?> result = keyed;
        for (int i = 0; i < ops.size(); i++) {
            result = apply(ops.get(i), "op" + i, cast(result), i == 0 ? keyed : null);
        }
        result.map("format", kv -> {
            Integer i = index.get(kv.key());
            if (i == null) {
                throw new IllegalStateException("key " + kv.key() + " of " + kv.key().getClass() + " equals no original key");
            }
            return i + "|" + kv.value();
        }).output("out", new FileSink<>(out));
        if (tickSource != null) {
            flow.input("ticks", tickSource).map("tick", String::valueOf).output("ticks_out", new FileSink<>(ticksOut));
        }
        return flow;
    }

    @SuppressWarnings("unchecked")
    private static KeyedStream<Object, Integer> cast(KeyedStream<Object, ?> s) {
        return (KeyedStream<Object, Integer>) s;
    }

    /** Values after a first op may be strings or lists; every op below turns its values into integers first. */
    private KeyedStream<Object, ?> apply(Op op, String id, KeyedStream<Object, Integer> in, KeyedStream<Object, Integer> source) {
        KeyedStream<Object, Integer> ints = source != null ? in : in.mapValue(id + "_int", v -> Math.abs(String.valueOf(v).hashCode() % 1000));
        return switch (op) {
            case RUNNING -> ints.statefulMap(id, () -> new long[]{0, 0},
                    (long[] st, Integer v) -> StateAndValue.of(new long[]{st[0] + 1, st[1] + v}, (int) st[0] + 1));
            case RUNNING_FLAT -> ints.statefulFlatMap(id, () -> 0,
                    (Integer st, Integer v) -> StateAndValue.of(st + v, v % 2 == 0 ? List.of(st + v) : List.of(st, v)));
            case EOF_KEEP -> ints.stateful(id, (Integer saved) -> new CountAtEof(saved, StateAction.KEEP));
            case EOF_DISCARD -> ints.stateful(id, (Integer saved) -> new CountAtEof(saved, StateAction.DISCARD));
            case COLLECT -> ints.collect(id, collectSize, Duration.ofHours(1));
            case REDUCE -> ints.reduceFinal(id, Integer::sum);
            case FOLD -> ints.foldFinal(id, () -> "", (acc, v) -> acc.length() > 40 ? "" + v : acc + v % 10);
            case COUNT -> ints.countFinal(id);
            case MAX -> ints.maxFinal(id);
            case MIN -> ints.minFinal(id);
            case JOIN -> {
                Stream.Branched<dev.flowstate.KeyValue<Object, Integer>> b = ints.branch(id + "_split", kv -> kv.value() % 2 == 0);
                KeyedStream<Object, Integer> left = b.trues().keyOn(id + "_l", kv -> kv.key()).mapValue(id + "_lv", kv -> kv.value());
                KeyedStream<Object, Integer> right = b.falses().keyOn(id + "_r", kv -> kv.key()).mapValue(id + "_rv", kv -> kv.value());
                yield left.join(id, right, joinInsert, Mode.Emit.FINAL);
            }
        };
    }

    /** Counts and sums per key, emitting "count:sum" in onEof; keeps or discards its state there. */
    static final class CountAtEof implements StatefulLogic<Integer, String, Integer> {
        private final StateAction atEof;
        private int count;

        CountAtEof(Integer saved, StateAction atEof) {
            this.count = saved == null ? 0 : saved;
            this.atEof = atEof;
        }

        @Override
        public StateAction onItem(Integer value, Emitter<? super String> out) {
            count++;
            return StateAction.KEEP;
        }

        @Override
        public StateAction onEof(Emitter<? super String> out) {
            out.emit("eof:" + count);
            return atEof;
        }

        @Override
        public Integer snapshot() {
            return count;
        }
    }
}
