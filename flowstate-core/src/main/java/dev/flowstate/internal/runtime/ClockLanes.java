package dev.flowstate.internal.runtime;

import dev.flowstate.KeyValue;
import dev.flowstate.internal.plan.TimeSpec;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.internal.serde.KryoSerde;
import dev.flowstate.internal.time.Stamped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A timed step's clock, applied on a sending worker in front of the step's exchange: one lane per input partition
 * this worker reads (plus one for items that reach the step from another exchange or a stateful step). Each lane
 * keeps the largest timestamp it saw and its watermark; every item is stamped with its time and whether it was late
 * against its own lane's watermark. The sender's watermark is the minimum over lanes that are neither exhausted
 * nor idle, and it is sent in-band behind the items.
 *
 * <p>Why here and not at the step: the step's items arrive mixed from every worker and keyed, but a watermark is a
 * property of one ordered input. Deciding lateness per lane makes it independent of how workers interleave, and
 * the step's watermark (a minimum over all lanes) is never ahead of a lane, so an item that was on time on its lane
 * always finds its windows still open. Lanes are saved with each epoch's snapshot under {@code <step>/clock}, keyed
 * by partition, so after a resume (on any worker count) each partition's watermark restarts where it was committed.
 */
final class ClockLanes {
    /** A lane: one partition, or the items of unknown origin. */
    private static final class Lane {
        final String name;
        final SourceDriver driver;
        final int partition;
        long maxTs = Long.MIN_VALUE;
        long floor = Long.MIN_VALUE;
        long maxSeenAt;
        long lastSeen;

        Lane(String name, SourceDriver driver, int partition, long now) {
            this.name = name;
            this.driver = driver;
            this.partition = partition;
            this.lastSeen = now;
            this.maxSeenAt = now;
        }

        boolean ended() {
            return driver != null && driver.exhausted(partition);
        }
    }

    static final String SUFFIX = "/clock";

    private final String stepId;
    private final TimeSpec spec;
    private final int workerIndex;
    private final boolean needsNow;
    private final List<Lane> lanes = new ArrayList<>();
    private Lane[] byOrigin = new Lane[0];
    private Lane other;
    private long sent = Long.MIN_VALUE;
    private boolean sentIdle;

    ClockLanes(String stepId, TimeSpec spec, int workerIndex) {
        this.stepId = stepId;
        this.spec = spec;
        this.workerIndex = workerIndex;
        this.needsNow = spec.processingTime() || spec.wallAdvance() || spec.idleMillis() >= 0;
    }

    /** Adds a lane for partition {@code partition} of {@code driver}, which reads origin {@code origin}. */
    void addPartition(SourceDriver driver, int partition, int origin) {
        Lane lane = new Lane(driver.stepId() + "/" + driver.names().get(partition), driver, partition, now());
        lanes.add(lane);
        if (origin >= byOrigin.length) {
            byOrigin = java.util.Arrays.copyOf(byOrigin, origin + 1);
        }
        byOrigin[origin] = lane;
    }

    /** Adds the lane for items of no partition of this worker (from an exchange or a stateful step upstream). */
    void addOther() {
        if (other == null) {
            other = new Lane("other/" + workerIndex, null, 0, now());
            lanes.add(other);
        }
    }

    /** Restores lane states saved under {@code <step>/clock}: partition lanes by name, the other lane conservatively. */
    void restore(Map<String, long[]> saved) {
        long[] otherMin = null;
        for (Map.Entry<String, long[]> e : saved.entrySet()) {
            if (e.getKey().startsWith("other/")) {
                long[] v = e.getValue();
                otherMin = otherMin == null ? v.clone()
                        : new long[]{Math.min(otherMin[0], v[0]), Math.min(otherMin[1], v[1])};
            }
        }
        for (Lane lane : lanes) {
            long[] v = lane == other ? otherMin : saved.get(lane.name);
            if (v != null) {
                lane.maxTs = v[0];
                lane.floor = v[1];
            }
        }
    }

    /** The item with its value stamped: time, and lateness on its lane. */
    Object stamp(Object item, int origin) {
        KeyValue<?, ?> kv = (KeyValue<?, ?>) item;
        long now = needsNow ? now() : 0;
        if (spec.processingTime()) {
            return new KeyValue<>(kv.key(), new Stamped(kv.value(), now, false));
        }
        Lane lane = origin >= 0 && origin < byOrigin.length ? byOrigin[origin] : null;
        if (lane == null) {
            addOther();
            lane = other;
        }
        long ts = spec.timestamp().applyAsLong(kv.value());
        if (spec.idleMillis() >= 0 && now - lane.lastSeen >= spec.idleMillis()) {
            // Waking from idle: the others moved on without this lane; judge its items against what was sent since.
            lane.floor = Math.max(lane.floor, sent);
        }
        long wm = watermark(lane, now);
        boolean late = spec.lateBound() != null && spec.closeTime(ts) <= wm;
        lane.floor = wm;
        lane.lastSeen = now;
        if (ts > lane.maxTs) {
            lane.maxTs = ts;
            lane.maxSeenAt = now;
        }
        return new KeyValue<>(kv.key(), new Stamped(kv.value(), ts, late));
    }

    private long watermark(Lane lane, long now) {
        if (lane.ended()) {
            return Long.MAX_VALUE;
        }
        long base = lane.maxTs == Long.MIN_VALUE ? Long.MIN_VALUE : lane.maxTs - spec.maxDelayMillis();
        if (spec.wallAdvance() && lane.maxTs != Long.MIN_VALUE) {
            base = plus(base, now - lane.maxSeenAt);
        }
        return Math.max(lane.floor, base);
    }

    /** The watermark to send now, or null if it did not change since the last one sent. */
    Message.Watermark next(long epoch) {
        long now = needsNow ? now() : 0;
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        boolean anyIdle = false;
        for (Lane lane : lanes) {
            if (lane.ended()) {
                continue;
            }
            if (!spec.processingTime() && spec.idleMillis() >= 0 && now - lane.lastSeen >= spec.idleMillis()) {
                anyIdle = true;
                continue;
            }
            anyActive = true;
            min = Math.min(min, spec.processingTime() ? now : watermark(lane, now));
        }
        if (!anyActive && anyIdle) {
            if (sentIdle) {
                return null;
            }
            sentIdle = true;
            return new Message.Watermark(epoch, sent, true);
        }
        if (min > sent || sentIdle) {
            sent = Math.max(sent, min);
            sentIdle = false;
            return new Message.Watermark(epoch, sent, false);
        }
        return null;
    }

    /** Snapshot rows of every lane: largest timestamp and watermark, so a resume restarts from them. */
    void snapshot(List<SnapshotRow> out) {
        long now = needsNow ? now() : 0;
        for (Lane lane : lanes) {
            if (lane.ended() || spec.processingTime()) {
                continue;
            }
            long wm = watermark(lane, now);
            lane.floor = wm;
            out.add(new SnapshotRow(stepId + SUFFIX, lane.name.getBytes(StandardCharsets.UTF_8), 0,
                    KryoSerde.INSTANCE.toBytes(new long[]{lane.maxTs, wm})));
        }
    }

    private static long now() {
        return ProcessingTime.now().toEpochMilli(); // the worker's ticker: a test driver moves it by hand
    }

    private static long plus(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
    }
}
