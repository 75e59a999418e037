package dev.flowstate.window;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A brute-force model of the window operators, independent of the engine's arithmetic: lateness from each
 * partition's own watermark (largest timestamp so far minus the delay), windows found by scanning, sessions by
 * sorting. Produces the lines the matrix dataflow writes: {@code D|key|window|value}, {@code M|key|window|start|end}
 * and {@code L|id}.
 */
final class WindowReference {
    /** One input event; ids are unique, timestamps too (so "timestamp order" is a total order). */
    record Ev(int id, String key, long ts, long value) {
    }

    /** A windower's parameters; kind is "tumbling", "sliding" or "session" (length = gap for sessions). */
    record Shape(String kind, long length, long offset, long align, long lateness) {
    }

    private record Window(long id, long start, long end) {
    }

    private WindowReference() {
    }

    /** The late events: per partition, in order, against that partition's watermark before the event. */
    static List<Ev> late(List<List<Ev>> partitions, Shape shape, long delay) {
        List<Ev> late = new ArrayList<>();
        for (List<Ev> p : partitions) {
            long maxTs = Long.MIN_VALUE;
            for (Ev e : p) {
                if (maxTs != Long.MIN_VALUE && closeTime(e.ts(), shape) <= maxTs - delay) {
                    late.add(e);
                }
                maxTs = Math.max(maxTs, e.ts());
            }
        }
        return late;
    }

    /** When an item of time ts is late: its earliest window's end (sessions: ts + 1) plus the allowed lateness. */
    private static long closeTime(long ts, Shape shape) {
        if (shape.kind().equals("session")) {
            return ts + 1 + shape.lateness();
        }
        long earliestEnd = Long.MAX_VALUE;
        for (Window w : fixedWindows(ts, shape)) {
            earliestEnd = Math.min(earliestEnd, w.end());
        }
        return earliestEnd + shape.lateness();
    }

    /** Every fixed window holding ts, by scanning window starts around it. */
    private static List<Window> fixedWindows(long ts, Shape shape) {
        long offset = shape.kind().equals("tumbling") ? shape.length() : shape.offset();
        List<Window> out = new ArrayList<>();
        long k0 = Math.floorDiv(ts - shape.align(), offset) - shape.length() / offset - 2;
        for (long k = k0; k <= k0 + shape.length() / offset + 4; k++) {
            long start = shape.align() + k * offset;
            if (start <= ts && ts < start + shape.length()) {
                out.add(new Window(k, start, start + shape.length()));
            }
        }
        return out;
    }

    /**
     * The lines for the on-time events: every window of every key, its metadata, and {@code result} applied to the
     * window's events in timestamp order (each result one line).
     */
    static List<String> lines(List<Ev> onTime, List<Ev> late, Shape shape, Function<List<Ev>, List<String>> result) {
        Map<String, List<Ev>> byKey = new TreeMap<>();
        for (Ev e : onTime) {
            byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
        }
        List<String> lines = new ArrayList<>();
        byKey.forEach((key, events) -> {
            events.sort(Comparator.comparingLong(Ev::ts));
            Map<Window, List<Ev>> windows = new TreeMap<>(Comparator.comparingLong(Window::start));
            if (shape.kind().equals("session")) {
                List<Ev> current = new ArrayList<>();
                long end = Long.MIN_VALUE;
                for (Ev e : events) {
                    if (!current.isEmpty() && e.ts() >= end) {
                        windows.put(session(current, shape), current);
                        current = new ArrayList<>();
                    }
                    current.add(e);
                    end = e.ts() + shape.length();
                }
                if (!current.isEmpty()) {
                    windows.put(session(current, shape), current);
                }
            } else {
                for (Ev e : events) {
                    for (Window w : fixedWindows(e.ts(), shape)) {
                        windows.computeIfAbsent(w, x -> new ArrayList<>()).add(e);
                    }
                }
            }
            windows.forEach((w, evs) -> {
                lines.add("M|" + key + "|" + w.id() + "|" + w.start() + "|" + w.end());
                for (String r : result.apply(evs)) {
                    lines.add("D|" + key + "|" + w.id() + "|" + r);
                }
            });
        });
        for (Ev e : late) {
            lines.add("L|" + e.id());
        }
        lines.sort(null);
        return lines;
    }

    private static Window session(List<Ev> events, Shape shape) {
        long start = events.get(0).ts();
        long end = events.get(events.size() - 1).ts() + shape.length();
        return new Window(start - shape.align(), start, end);
    }
}
