package dev.flowstate.faults;

import dev.flowstate.Dataflow;
import dev.flowstate.KeyValue;
import dev.flowstate.KeyedStream;
import dev.flowstate.EventClock;
import dev.flowstate.StateAndValue;
import dev.flowstate.WindowOut;
import dev.flowstate.Windowed;
import dev.flowstate.Windower;
import dev.flowstate.Stream;
import dev.flowstate.io.FileSink;
import dev.flowstate.io.FileSource;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The dataflows the fault tests crash. Both read lines {@code key,value} (value a non-negative integer) from one
 * file with {@link FileSource} (resume state: byte offset) and key them on {@code key}.
 */
public final class FaultJobs {
    private FaultJobs() {
    }

    /**
     * {@code pace}: items per second per worker at most (0: unlimited), see {@link Pace}.
     *
     * <p>{@code keyed-count}: per key a running (count, sum), emitting {@code key,count,sum} for every input line, to
     * an exactly-once {@link FileSink} and, when {@code atLeastOnceOutput} is not null, also to an
     * {@link AppendOnlyFileSink} (at-least-once).
     */
    public static Dataflow keyedCount(Path input, Path output, Path atLeastOnceOutput, long pace) {
        Dataflow flow = new Dataflow("fault_keyed_count");
        KeyedStream<String, Long> keyed = keyed(flow, input, pace);
        KeyedStream<String, String> counted = keyed.statefulMap("count_sum", () -> new long[]{0, 0},
                (long[] s, Long v) -> {
                    long[] next = {s[0] + 1, s[1] + v};
                    return StateAndValue.of(next, next[0] + "," + next[1]);
                });
        var lines = counted.map("format", (KeyValue<String, String> kv) -> kv.key() + "," + kv.value());
        lines.output("out", new FileSink<String>(output));
        if (atLeastOnceOutput != null) {
            lines.output("out_at_least_once", new AppendOnlyFileSink(atLeastOnceOutput));
        }
        return flow;
    }

    /** {@code count-final}: per key the number of lines, emitted as {@code key,count} when the input ends. */
    public static Dataflow countFinal(Path input, Path output, long pace) {
        Dataflow flow = new Dataflow("fault_count_final");
        keyed(flow, input, pace)
                .countFinal("count")
                .map("format", (KeyValue<String, Long> kv) -> kv.key() + "," + kv.value())
                .output("out", new FileSink<String>(output));
        return flow;
    }

    /**
     * {@code window-count}: lines {@code key,time} (time in epoch millis); per key, counts in tumbling event-time
     * windows of 1 s with 200 ms out-of-orderness, written as {@code W,key,window,count}, and late items as
     * {@code L,key,time}, to one exactly-once {@link FileSink}. Windows close as the watermark passes them, so
     * results are written all along the run, across kills.
     */
    public static Dataflow windowCount(Path input, Path output, long pace) {
        Dataflow flow = new Dataflow("fault_window_count");
        WindowOut<String, Long, Long> counts = keyed(flow, input, pace).countWindow("count",
                EventClock.ofEpochMillis((Long t) -> t, Duration.ofMillis(200)), Windower.tumbling(Duration.ofSeconds(1)));
        var results = counts.down().map("format", (KeyValue<String, Windowed<Long>> kv) -> "W," + kv.key() + ","
                + kv.value().windowId() + "," + kv.value().value());
        var late = counts.late().map("format_late", (KeyValue<String, Long> kv) -> "L," + kv.key() + "," + kv.value());
        flow.merge("lines_out", results, late).output("out", new FileSink<String>(output));
        return flow;
    }

    /**
     * {@code eof-count}: per key the line count and value sum, emitted as {@code key,count,sum} by a user
     * {@link dev.flowstate.StatefulLogic} in its {@code onEof} (keeping its state), so the output is exact only if
     * the end of input is part of the committed state: no second {@code onEof} after a resume or on a rerun. The key
     * is the line's key as a {@code String}, a {@code List.of(key)} or a name-based {@code UUID}
     * ({@code keyType} {@code string}, {@code list}, {@code uuid}), written back as the key string or the UUID.
     */
    public static Dataflow eofCount(Path input, Path output, String keyType, long pace) {
        Dataflow flow = new Dataflow("fault_eof_count");
        java.util.function.Function<String, Object> keyOf = switch (keyType) {
            case "string" -> k -> k;
            case "list" -> k -> java.util.List.of(k);
            case "uuid" -> FaultJobs::uuidOf;
            default -> throw new IllegalArgumentException("unknown --key-type '" + keyType + "'; use string, list or uuid");
        };
        lines(flow, input, pace).map("parse", FaultJobs::parse)
                .keyOn("key", (KeyValue<String, Long> kv) -> keyOf.apply(kv.key()))
                .mapValue("value", KeyValue::value)
                .stateful("count_sum", CountSumAtEof::new)
                .map("format", kv -> (kv.key() instanceof java.util.List<?> l ? l.get(0) : kv.key()) + "," + kv.value())
                .output("out", new FileSink<String>(output));
        return flow;
    }

    /** The UUID {@code eof-count} uses for a key string. */
    public static java.util.UUID uuidOf(String key) {
        return java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Stream<String> lines(Dataflow flow, Path input, long pace) {
        Stream<String> lines = flow.input("lines", new FileSource(input));
        return pace > 0 ? lines.inspect("pace", Pace.perWorker(pace)) : lines;
    }

    private static KeyedStream<String, Long> keyed(Dataflow flow, Path input, long pace) {
        return lines(flow, input, pace).map("parse", FaultJobs::parse)
                .keyOn("key", KeyValue::key)
                .mapValue("value", KeyValue::value);
    }

    /** Parses {@code key,value}; a malformed line is an error (the generated inputs have none). */
    static KeyValue<String, Long> parse(String line) {
        int comma = line.indexOf(',');
        if (comma <= 0) {
            throw new IllegalArgumentException("malformed input line '" + line + "'; expected key,value");
        }
        return new KeyValue<>(line.substring(0, comma), Long.parseLong(line.substring(comma + 1)));
    }
}
