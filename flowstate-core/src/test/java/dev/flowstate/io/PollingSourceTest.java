package dev.flowstate.io;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollingSourceTest {
    private static final Instant T0 = Instant.parse("2024-01-01T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void listPartitions_isTheSinglePollPartition() {
        assertThat(new PollingSource<>(MINUTE, () -> "x").listPartitions()).containsExactly("poll");
    }

    @Test
    void whenNotAligned_firstPollIsDueImmediately() throws Exception {
        ManualClock clock = new ManualClock(T0);
        SourcePartition<String, Instant> p = new PollingSource<>(MINUTE, null, () -> "v", clock)
                .buildPartition("poll", null);
        assertThat(p.nextAwake()).isEqualTo(T0);
        assertThat(Drain.batch(p)).containsExactly("v");
        assertThat(p.nextAwake()).isEqualTo(T0.plus(MINUTE));
    }

    @Test
    void whenNotDue_emitsNothingAndDoesNotCallTheGetter() throws Exception {
        ManualClock clock = new ManualClock(T0);
        int[] calls = {0};
        SourcePartition<Integer, Instant> p = new PollingSource<>(MINUTE, null, () -> ++calls[0], clock)
                .buildPartition("poll", null);
        assertThat(Drain.batch(p)).containsExactly(1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(p.nextBatch(item -> { throw new AssertionError("emitted " + item); })).isTrue();
        assertThat(calls[0]).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(Drain.batch(p)).containsExactly(2);
    }

    @Test
    void whenPolledOnTime_scheduleAdvancesByOneIntervalEachPoll() throws Exception {
        ManualClock clock = new ManualClock(T0);
        SourcePartition<String, Instant> p = new PollingSource<>(MINUTE, null, () -> "v", clock)
                .buildPartition("poll", null);
        for (int i = 0; i < 5; i++) {
            clock.now = p.nextAwake().plusMillis(250); // the worker wakes a little late
            assertThat(Drain.batch(p)).containsExactly("v");
            assertThat(p.nextAwake()).isEqualTo(T0.plus(MINUTE.multipliedBy(i + 1)));
        }
    }

    @Test
    void whenGetterReturnsNull_emitsNothingButKeepsTheSchedule() throws Exception {
        ManualClock clock = new ManualClock(T0);
        SourcePartition<String, Instant> p = new PollingSource<String>(MINUTE, null, () -> null, clock)
                .buildPartition("poll", null);
        assertThat(Drain.batch(p)).isEmpty();
        assertThat(p.nextAwake()).isEqualTo(T0.plus(MINUTE));
    }

    @Test
    void whenAlignedToThePast_firstPollIsDueAtTheNextGridPoint() throws Exception {
        ManualClock clock = new ManualClock(T0.plusSeconds(10 * 60 + 25));
        Instant align = Instant.parse("2024-01-01T00:00:00Z");
        SourcePartition<String, Instant> p = new PollingSource<>(MINUTE, align, () -> "v", clock)
                .buildPartition("poll", null);
        assertThat(p.nextAwake()).isEqualTo(T0.plusSeconds(11 * 60));
        assertThat(Drain.batch(p)).isEmpty();
    }

    @Test
    void whenAlignedExactlyToNow_firstPollIsDueNow() throws Exception {
        ManualClock clock = new ManualClock(T0);
        SourcePartition<String, Instant> p = new PollingSource<>(MINUTE, T0.minus(Duration.ofHours(3)), () -> "v",
                clock).buildPartition("poll", null);
        assertThat(p.nextAwake()).isEqualTo(T0);
        assertThat(Drain.batch(p)).containsExactly("v");
    }

    @Test
    void whenAlignedToTheFuture_firstPollIsTheEarliestGridPointNotBeforeNow() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Instant align = T0.plus(Duration.ofMinutes(10)).plusSeconds(20);
        SourcePartition<String, Instant> p = new PollingSource<>(MINUTE, align, () -> "v", clock)
                .buildPartition("poll", null);
        assertThat(p.nextAwake()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void whenResumed_keepsTheScheduleInsteadOfPollingAtOnce() throws Exception {
        ManualClock clock = new ManualClock(T0);
        PollingSource<String> source = new PollingSource<>(MINUTE, null, () -> "v", clock);
        SourcePartition<String, Instant> first = source.buildPartition("poll", null);
        Drain.batch(first);
        Instant saved = first.snapshot();
        assertThat(saved).isEqualTo(T0.plus(MINUTE));

        clock.advance(Duration.ofSeconds(30));
        SourcePartition<String, Instant> resumed = source.buildPartition("poll", saved);
        assertThat(resumed.nextAwake()).isEqualTo(saved);
        assertThat(Drain.batch(resumed)).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(Drain.batch(resumed)).containsExactly("v");
    }

    @Test
    void whenFarBehindSchedule_pollsOnceThenContinuesOnTheGridWithoutBurst() throws Exception {
        ManualClock clock = new ManualClock(T0);
        int[] calls = {0};
        PollingSource<Integer> source = new PollingSource<>(MINUTE, null, () -> ++calls[0], clock);
        clock.advance(Duration.ofMinutes(30).plusSeconds(5)); // e.g. resumed after a long outage
        SourcePartition<Integer, Instant> p = source.buildPartition("poll", T0);
        assertThat(Drain.batch(p)).containsExactly(1);
        assertThat(p.nextAwake()).isEqualTo(T0.plus(Duration.ofMinutes(31)));
        assertThat(Drain.batch(p)).isEmpty();
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void whenGetterThrows_exceptionPropagatesUnchanged() throws Exception {
        IOException failure = new IOException("endpoint down");
        SourcePartition<String, Instant> p = new PollingSource<String>(MINUTE, null, () -> { throw failure; },
                new ManualClock(T0)).buildPartition("poll", null);
        assertThatThrownBy(() -> p.nextBatch(item -> { })).isSameAs(failure);
    }

    @Test
    void nextBatch_neverReportsExhausted() throws Exception {
        ManualClock clock = new ManualClock(T0);
        SourcePartition<String, Instant> p = new PollingSource<>(MINUTE, null, () -> "v", clock)
                .buildPartition("poll", null);
        for (int i = 0; i < 3; i++) {
            assertThat(p.nextBatch(item -> { })).isTrue();
            clock.advance(MINUTE);
        }
    }

    @Test
    void whenIntervalIsNotPositive_isRejected() {
        assertThatThrownBy(() -> new PollingSource<>(Duration.ZERO, () -> "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PollingSource<>(MINUTE.negated(), () -> "v"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenPartitionNameIsUnknown_isRejected() {
        assertThatThrownBy(() -> new PollingSource<>(MINUTE, () -> "v").buildPartition("0", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'poll'");
    }
}
