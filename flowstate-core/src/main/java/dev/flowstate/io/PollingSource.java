package dev.flowstate.io;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Calls a getter on a fixed schedule and emits what it returns (e.g. poll an HTTP endpoint every minute). One
 * partition, named {@value #PARTITION}, so the getter runs on one worker.
 *
 * <p><b>Schedule.</b> Polls are due every {@code interval}. Without an alignment the first poll is due at once; with
 * one, polls are due at {@code alignTo + k × interval} and the first is the earliest such time not before now (so
 * {@code alignTo = 2024-01-01T00:00Z} with a one-hour interval polls on the hour). {@link SourcePartition#nextAwake()}
 * returns the next due time, so the worker sleeps in between. If polls fall behind (a slow getter, a long pause),
 * missed polls are not made up: one poll is made as soon as possible and the schedule continues at the next due time
 * after now on the same grid.
 *
 * <p><b>Results.</b> A null result is skipped (nothing emitted for that poll). An exception thrown by the getter
 * propagates unchanged and fails the run.
 *
 * <p><b>Resume.</b> The resume state is the next due time, so a resumed run keeps the schedule rather than polling
 * at once. The polled data itself is not replayable: polls due after the last snapshot are made again on resume
 * (at-least-once per due time) and may return other values than before the crash.
 *
 * <p><b>Threading.</b> Immutable; the getter is called from one worker thread, so it needs to be thread-safe only
 * if the same source object is used by several runs at once.
 *
 * <pre>{@code
 * flow.input("price", new PollingSource<>(Duration.ofSeconds(30), () -> fetchPrice()))
 * }</pre>
 *
 * @param <T> item type
 */
public final class PollingSource<T> implements PartitionedSource<T, Instant> {
    /** The single partition's name. */
    public static final String PARTITION = "poll";

    private final Duration interval;
    private final Instant alignTo;
    private final Callable<? extends T> getter;
    private final Clock clock;

    /** Calls {@code getter} every {@code interval}, starting at once. */
    public PollingSource(Duration interval, Callable<? extends T> getter) {
        this(interval, null, getter, Clock.systemUTC());
    }

    /** Calls {@code getter} at {@code alignTo + k × interval}; {@code alignTo} may be in the past or future. */
    public PollingSource(Duration interval, Instant alignTo, Callable<? extends T> getter) {
        this(interval, alignTo, getter, Clock.systemUTC());
    }

    /**
     * Like {@link #PollingSource(Duration, Instant, Callable)} with the time read from {@code clock} (for tests).
     *
     * @param alignTo the schedule's alignment, or null to start at once
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public PollingSource(Duration interval, Instant alignTo, Callable<? extends T> getter, Clock clock) {
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("polling interval must be positive, got " + interval);
        }
        this.alignTo = alignTo;
        this.getter = Objects.requireNonNull(getter, "getter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<String> listPartitions() {
        return List.of(PARTITION);
    }

    /**
     * Opens the schedule: the next poll is due at {@code resumeState} when not null, else as described above.
     *
     * @throws IllegalArgumentException if {@code partition} is not {@value #PARTITION}
     */
    @Override
    public SourcePartition<T, Instant> buildPartition(String partition, Instant resumeState) {
        if (!PARTITION.equals(partition)) {
            throw new IllegalArgumentException("unknown partition '" + partition + "' for PollingSource; "
                    + "its only partition is '" + PARTITION + "'");
        }
        Instant now = clock.instant();
        Instant first = resumeState != null ? resumeState : alignTo == null ? now : nextAligned(alignTo, now);
        return new Partition(first);
    }

    /** The earliest {@code align + k × interval} (any integer k) not before {@code now}. */
    private Instant nextAligned(Instant align, Instant now) {
        long k = Duration.between(align, now).dividedBy(interval); // truncates toward zero
        Instant candidate = align.plus(interval.multipliedBy(k));
        return candidate.isBefore(now) ? candidate.plus(interval) : candidate;
    }

    private final class Partition implements SourcePartition<T, Instant> {
        private Instant due;

        Partition(Instant due) {
            this.due = due;
        }

        @Override
        public boolean nextBatch(Consumer<? super T> out) throws Exception {
            Instant now = clock.instant();
            if (now.isBefore(due)) {
                return true;
            }
            T value = getter.call();
            Instant next = due.plus(interval);
            due = next.isAfter(now) ? next : nextAligned(due, now.plusNanos(1));
            if (value != null) {
                out.accept(value);
            }
            return true;
        }

        @Override
        public Instant nextAwake() {
            return due;
        }

        @Override
        public Instant snapshot() {
            return due;
        }

        /** Nothing to release. */
        @Override
        public void close() {
        }
    }
}
