package dev.flowstate.window;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Emitter;
import dev.flowstate.EventClock;
import dev.flowstate.Flowstate;
import dev.flowstate.KeyedStream;
import dev.flowstate.Mode;
import dev.flowstate.RunConfig;
import dev.flowstate.Stream;
import dev.flowstate.WindowLogic;
import dev.flowstate.WindowOut;
import dev.flowstate.Windower;
import dev.flowstate.io.FileSink;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.RecoveryConfig;
import dev.flowstate.testing.TestingSource;
import dev.flowstate.window.WindowReference.Ev;
import dev.flowstate.window.WindowReference.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every windower x every window operator x 1-4 workers x with and without a crash (resumed on another worker count),
 * on random event times with disorder and gaps, against {@link WindowReference}: results, window metadata and the
 * late items must match exactly. By default each (windower, operator) pair runs once without and once with a crash
 * on random worker counts (about a minute); {@code -Dflowstate.windowMatrix=full} runs every worker count and
 * several seeds. The seed is printed; {@code -Dflowstate.windowMatrix.seed=N} replays one.
 */
class WindowMatrixTest {
    private static final boolean FULL = "full".equals(System.getProperty("flowstate.windowMatrix"));
    private static final int PARTITIONS = 3;

    @TempDir
    Path dir;

    enum Op {
        COUNT, FOLD, REDUCE, COLLECT, MAX, MIN, GENERAL, JOIN
    }

    @Test
    void everyWindowerAndOperatorMatchesTheReference() throws IOException {
        long seed = Long.getLong("flowstate.windowMatrix.seed", System.nanoTime());
        System.out.println("WindowMatrixTest seed " + seed + (FULL ? " (full)" : ""));
        Random random = new Random(seed);
        int rounds = FULL ? 3 : 1;
        int run = 0;
        for (int round = 0; round < rounds; round++) {
            for (String kind : List.of("tumbling", "sliding", "session")) {
                for (Op op : Op.values()) {
                    List<Integer> workerCounts = FULL ? List.of(1, 2, 3, 4) : List.of(1 + random.nextInt(4));
                    for (int workers : workerCounts) {
                        for (boolean crash : List.of(false, true)) {
                            long caseSeed = random.nextLong();
                            String name = kind + "/" + op + "/w" + workers + (crash ? "/crash" : "") + " (case seed "
                                    + caseSeed + ", run " + run++ + ")";
                            runCase(new Random(caseSeed), kind, op, workers, crash, name);
                        }
                    }
                }
            }
        }
    }

    private void runCase(Random random, String kind, Op op, int workers, boolean crash, String name) throws IOException {
        long align = random.nextInt(3) == 0 ? -1_000_000_007L : random.nextInt(20);
        long lateness = random.nextInt(3) == 0 ? 10 : 0;
        Shape shape = switch (kind) {
            case "tumbling" -> new Shape(kind, 10 + random.nextInt(40), 0, align, lateness);
            case "sliding" -> random.nextBoolean() ? new Shape(kind, 30, 20, align, lateness)
                    : new Shape(kind, 40, 10, align, lateness);
            default -> new Shape(kind, 5 + random.nextInt(25), 0, align, lateness);
        };
        long delay = random.nextInt(4) == 0 ? 0 : random.nextInt(30);
        List<List<Ev>> partitions = events(random);
        List<Ev> late = WindowReference.late(partitions, shape, delay);
        Set<Integer> lateIds = new HashSet<>();
        late.forEach(e -> lateIds.add(e.id()));
        List<Ev> onTime = partitions.stream().flatMap(List::stream).filter(e -> !lateIds.contains(e.id())).toList();
        List<String> expected = WindowReference.lines(new ArrayList<>(onTime), late, shape, reference(op));

        Path out = dir.resolve("out-" + name.hashCode() + ".txt");
        Files.deleteIfExists(out);
        List<List<Object>> sourceItems = new ArrayList<>();
        for (List<Ev> p : partitions) {
            sourceItems.add(new ArrayList<>(p));
        }
        RunConfig config = RunConfig.defaults().withWorkers(workers).withEpochInterval(Duration.ofMillis(5));
        if (crash) {
            Path store = dir.resolve("store-" + name.hashCode());
            Recovery.init(store, 2);
            int p = random.nextInt(PARTITIONS);
            sourceItems.get(p).add(random.nextInt(sourceItems.get(p).size() + 1), TestingSource.ABORT);
            config = config.withRecovery(RecoveryConfig.of(store));
            TestingSource<Ev> source = TestingSource.ofPartitions(sourceItems, 3);
            RunConfig first = config;
            assertThatThrownBy(() -> Flowstate.run(flow(source, shape, delay, op, out), first)).as(name)
                    .isInstanceOf(DataflowException.class);
            config = config.withWorkers(workers % 4 + 1); // resume on another worker count
            Flowstate.run(flow(source, shape, delay, op, out), config);
        } else {
            Flowstate.run(flow(TestingSource.ofPartitions(sourceItems, 3), shape, delay, op, out), config);
        }
        List<String> actual = new ArrayList<>(Files.readAllLines(out));
        actual.sort(null);
        assertThat(actual).as(name + " with delay " + delay + ", " + shape).isEqualTo(expected);
    }

    /** Partitions of events: times rising by small steps with disorder and occasional gaps, unique ids and times. */
    private static List<List<Ev>> events(Random random) {
        Set<Long> used = new HashSet<>();
        List<List<Ev>> partitions = new ArrayList<>();
        int id = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            List<Ev> events = new ArrayList<>();
            long base = random.nextInt(50);
            int n = 40 + random.nextInt(80);
            for (int i = 0; i < n; i++) {
                base += random.nextInt(6);
                if (random.nextInt(20) == 0) {
                    base += 50 + random.nextInt(150);
                }
                long ts = base - random.nextInt(random.nextInt(4) == 0 ? 60 : 10);
                while (!used.add(ts)) {
                    ts++;
                }
                events.add(new Ev(id++, "k" + random.nextInt(4), ts, 1 + random.nextInt(100)));
            }
            partitions.add(events);
        }
        return partitions;
    }

    private static Windower windower(Shape shape) {
        Windower w = switch (shape.kind()) {
            case "tumbling" -> Windower.tumbling(Duration.ofMillis(shape.length()));
            case "sliding" -> Windower.sliding(Duration.ofMillis(shape.length()), Duration.ofMillis(shape.offset()));
            default -> Windower.session(Duration.ofMillis(shape.length()));
        };
        return w.alignTo(Instant.ofEpochMilli(shape.align())).withAllowedLateness(Duration.ofMillis(shape.lateness()));
    }

    private static Dataflow flow(TestingSource<Ev> source, Shape shape, long delay, Op op, Path out) {
        Dataflow flow = new Dataflow("matrix");
        KeyedStream<String, Ev> keyed = flow.input("in", source).keyOn("key", Ev::key);
        EventClock<Ev> clock = EventClock.ofEpochMillis(Ev::ts, Duration.ofMillis(delay));
        Windower w = windower(shape);
        Comparator<Ev> byValue = Comparator.comparingLong(Ev::value);
        WindowOut<String, ?, ?> wo = switch (op) {
            case COUNT -> keyed.countWindow("w", clock, w);
            case FOLD -> keyed.foldWindow("w", clock, w, () -> 0L, (acc, e) -> acc + e.value(), Long::sum);
            case REDUCE -> keyed.mapValue("v", e -> e).reduceWindow("w", clock, w,
                    (a, b) -> new Ev(-1, a.key(), Math.min(a.ts(), b.ts()), a.value() + b.value()));
            case COLLECT -> keyed.collectWindow("w", clock, w);
            case MAX -> keyed.maxWindow("w", clock, w, byValue);
            case MIN -> keyed.minWindow("w", clock, w, byValue);
            case GENERAL -> keyed.window("w", clock, w, (Long resume) -> new SumLogic(resume));
            case JOIN -> keyed.filterValue("left", e -> e.id() % 2 == 0).joinWindow("w", clock,
                    keyed.filterValue("right", e -> e.id() % 2 == 1), clock, w, Mode.Insert.PRODUCT, Mode.Emit.FINAL);
        };
        Stream<String> down = wo.down().map("down_fmt", kv -> "D|" + kv.key() + "|" + kv.value().windowId() + "|"
                + format(kv.value().value()));
        Stream<String> meta = wo.meta().map("meta_fmt", kv -> "M|" + kv.key() + "|" + kv.value().id() + "|"
                + kv.value().start().toEpochMilli() + "|" + kv.value().end().toEpochMilli());
        Stream<String> late = wo.late().flatMap("late_fmt", kv -> lateIds(kv.value()));
        flow.merge("all", down, meta, late).output("out", new FileSink<>(out));
        return flow;
    }

    private static List<String> lateIds(Object value) {
        if (value instanceof Ev e) {
            return List.of("L|" + e.id());
        }
        KeyedStream.Joined<?, ?> j = (KeyedStream.Joined<?, ?>) value;
        return List.of("L|" + ((Ev) (j.left() != null ? j.left() : j.right())).id());
    }

    private static String format(Object value) {
        if (value instanceof Ev e) {
            return Long.toString(e.value());
        }
        if (value instanceof List<?> list) {
            return list.stream().map(x -> Long.toString(((Ev) x).value())).toList().toString();
        }
        if (value instanceof KeyedStream.Joined<?, ?> j) {
            return (j.left() == null ? "-" : ((Ev) j.left()).id()) + "x" + (j.right() == null ? "-" : ((Ev) j.right()).id());
        }
        return value.toString();
    }

    private static Function<List<Ev>, List<String>> reference(Op op) {
        return evs -> switch (op) {
            case COUNT -> List.of(Long.toString(evs.size()));
            case FOLD, REDUCE, GENERAL -> List.of(Long.toString(evs.stream().mapToLong(Ev::value).sum()));
            case COLLECT -> List.of(evs.stream().map(e -> Long.toString(e.value())).toList().toString());
            case MAX -> List.of(Long.toString(evs.stream().mapToLong(Ev::value).max().orElseThrow()));
            case MIN -> List.of(Long.toString(evs.stream().mapToLong(Ev::value).min().orElseThrow()));
            case JOIN -> {
                List<Ev> left = evs.stream().filter(e -> e.id() % 2 == 0).toList();
                List<Ev> right = evs.stream().filter(e -> e.id() % 2 == 1).toList();
                List<String> rows = new ArrayList<>();
                for (Ev l : left.isEmpty() ? java.util.Collections.<Ev>singletonList(null) : left) {
                    for (Ev r : right.isEmpty() ? java.util.Collections.<Ev>singletonList(null) : right) {
                        rows.add((l == null ? "-" : l.id()) + "x" + (r == null ? "-" : r.id()));
                    }
                }
                yield rows;
            }
        };
    }

    /** A user window logic: sums values, merges sessions. */
    static final class SumLogic implements WindowLogic<Ev, Long, Long> {
        private long sum;

        SumLogic(Long resume) {
            sum = resume == null ? 0 : resume;
        }

        @Override
        public void onValue(Ev value, Instant timestamp, Emitter<? super Long> out) {
            sum += value.value();
        }

        @Override
        public void onMerge(Long other) {
            sum += other;
        }

        @Override
        public void onClose(Emitter<? super Long> out) {
            out.emit(sum);
        }

        @Override
        public Long snapshot() {
            return sum;
        }
    }
}
