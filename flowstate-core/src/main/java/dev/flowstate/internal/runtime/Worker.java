package dev.flowstate.internal.runtime;

import dev.flowstate.internal.metrics.WorkerCounters;
import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One worker thread running its instance of every step. The loop, per round: move backlogged exchange messages,
 * drain inbound exchanges (most downstream first), fire due timers and read sources (only while no backlog exists:
 * that is the backpressure), flush partial batches, and complete the epoch once its barrier passed every node.
 * It parks when a round did nothing, until a message arrives, a timer or source wakes, or the epoch must close.
 *
 * <p>Epoch protocol: sources close epoch {@code e} every epoch interval or at EOF by pushing barrier {@code e};
 * exchanges align it across all workers; when the sources closed {@code e} and every exchange receiver aligned it,
 * every node on this worker has processed all of {@code e}. The snapshot rows collected on the way are handed to
 * the recovery writer, and the worker starts {@code e + 1}. Draining exchange {@code k} only produces output for
 * exchanges after {@code k}, so draining from the last exchange backwards can always make progress: bounded
 * channels cannot deadlock.
 */
final class Worker implements Runnable, WorkerInfo, ExchangeReceiver.AlignmentListener {
    private static final int DRAIN_BUDGET = 16;
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long BACKLOG_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long EXCHANGE_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int index;
    private final int count;
    private final Shared shared;
    private final Ticker ticker;
    final Parker parker = new Parker();
    /** Epoch, parked time and the step being worked in, for observers (read by other threads). */
    final WorkerCounters meter;
    final List<SourceDriver> sources = new ArrayList<>();
    final List<ExchangeSender> senders = new ArrayList<>();
    final List<ExchangeReceiver> receivers = new ArrayList<>();
    final List<StatefulNode> statefulNodes = new ArrayList<>();
    final List<SinkNode> sinks = new ArrayList<>();
    /** Rows snapshotted during the current epoch; null when recovery is off. */
    final List<SnapshotRow> snapshotRows;
    /** Restores state and opens partitions on the worker's own thread before the loop starts. */
    Runnable opener = () -> { };

    /** {@link WorkerCounters#stepNumber} of each source, stateful node and sink, by position; set before the loop. */
    private int[] sourceSteps;
    private int[] statefulSteps;
    private int[] sinkSteps;
    private long epoch;
    /** See {@link WorkerInfo#origin()}; set by {@link SourceDriver#poll}. */
    int origin = -1;
    private long epochDeadline;
    private boolean sourcesClosed;
    private boolean sourcesEof;
    private int aligned;
    private boolean alignedEof;
    private long notifiedCommit;
    private long lastExchangeFlush;

    Worker(int index, int count, Shared shared, boolean recovery) {
        this.index = index;
        this.count = count;
        this.shared = shared;
        this.ticker = shared.ticker();
        this.snapshotRows = recovery ? new ArrayList<>() : null;
        this.meter = new WorkerCounters(index);
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public int origin() {
        return origin;
    }

    @Override
    public void aligned(long alignedEpoch, boolean eof) {
        aligned++;
        alignedEof &= eof;
    }

    @Override
    public void run() {
        parker.bindCurrentThread();
        ProcessingTime.bind(ticker);
        try {
            opener.run();
            sourceSteps = stepNumbers(sources, SourceDriver::stepId);
            statefulSteps = stepNumbers(statefulNodes, StatefulNode::stepId);
            sinkSteps = stepNumbers(sinks, SinkNode::stepId);
            meter.markReady();
            loop();
        } catch (Throwable t) {
            shared.fail(index, t);
        } finally {
            closeQuietly();
            meter.markDone();
        }
    }

    private void loop() {
        startEpoch(shared.resumeEpoch());
        while (true) {
            shared.checkFailed();
            boolean progress = false;
            int pending = -1;
            for (int x = 0; x < senders.size(); x++) {
                ExchangeSender s = senders.get(x);
                progress |= s.retryBacklog();
                if (s.hasBacklog()) {
                    pending = x;
                }
            }
            for (int x = receivers.size() - 1; x >= 0 && x >= pending; x--) {
                progress |= receivers.get(x).drain(epoch, DRAIN_BUDGET);
            }
            Instant now = null;
            if (pending < 0 && !sourcesClosed) {
                // Due is read first: whatever a source held, and the time a controller set, when the epoch became
                // due are both seen in this round, so they belong to this epoch.
                boolean due = epochDue() || shared.closeRequested(epoch);
                now = ticker.now();
                progress |= fireTimers(now);
                for (int i = 0; i < sources.size(); i++) {
                    meter.enter(sourceSteps[i]);
                    progress |= sources.get(i).poll(now);
                }
                meter.enter(0);
                if (due || allSourcesExhausted()) {
                    closeSources();
                    progress = true;
                }
            }
            flushRound(progress);
            notifyCommits();
            if (sourcesClosed && aligned == receivers.size()) {
                if (completeEpoch()) {
                    return;
                }
                progress = true;
            }
            if (!progress) {
                park(pending >= 0, now);
            }
        }
    }

    /**
     * Ends a round: buffered stateful items are processed (upstream steps first) and sinks written. Partly filled
     * exchange batches are sent only when the worker is about to go idle or they waited a millisecond: while busy,
     * only full batches travel, which means fewer messages and wake-ups between workers.
     */
    private void flushRound(boolean busy) {
        for (int i = 0; i < statefulNodes.size(); i++) {
            meter.enter(statefulSteps[i]);
            statefulNodes.get(i).flush();
        }
        meter.enter(0);
        long now = System.nanoTime();
        if (!busy || now - lastExchangeFlush >= EXCHANGE_FLUSH_NANOS) {
            lastExchangeFlush = now;
            for (ExchangeSender s : senders) {
                s.flush();
            }
        }
        for (int i = 0; i < sinks.size(); i++) {
            meter.enter(sinkSteps[i]);
            sinks.get(i).flush();
        }
        meter.enter(0);
    }

    private boolean fireTimers(Instant now) {
        boolean fired = false;
        for (int i = 0; i < statefulNodes.size(); i++) {
            meter.enter(statefulSteps[i]);
            fired |= statefulNodes.get(i).fireTimers(now);
        }
        meter.enter(0);
        return fired;
    }

    private boolean allSourcesExhausted() {
        for (SourceDriver s : sources) {
            if (!s.allExhausted()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The epoch interval is a minimum: the epoch closes once it has passed and this worker's previous snapshot is
     * durable. A store slower than the interval thus stretches epochs (fewer, larger snapshots) instead of stopping
     * the data path until it catches up, like a checkpoint interval with one checkpoint in flight at a time.
     */
    private boolean epochDue() {
        return ticker.nanos() - epochDeadline >= 0 && !shared.snapshotInFlight(index);
    }

    private void closeSources() {
        sourcesClosed = true;
        sourcesEof = allSourcesExhausted();
        for (SourceDriver s : sources) {
            s.closeEpoch(epoch, snapshotRows);
        }
    }

    /** Hands the epoch's snapshots on and starts the next epoch; true if this was the last epoch. */
    private boolean completeEpoch() {
        boolean terminal = sourcesEof && alignedEof;
        if (snapshotRows != null) {
            List<SnapshotRow> rows = new ArrayList<>(snapshotRows);
            snapshotRows.clear();
            shared.submitSnapshot(index, epoch, rows, terminal);
        } else {
            shared.progress().setFrontier(index, epoch + 1, terminal);
            shared.wakeAll();
        }
        if (terminal) {
            // Other workers may need our last barriers (still in backlogs) to finish this epoch: send them first.
            drainBacklogs();
            awaitCommitted(epoch);
            return true;
        }
        while (!shared.mayStartEpoch(index)) {
            shared.checkFailed();
            Parker.parkNanos(MAX_PARK_NANOS);
        }
        startEpoch(epoch + 1);
        return false;
    }

    private void startEpoch(long e) {
        epoch = e;
        meter.epoch.set(e);
        sourcesClosed = false;
        aligned = 0;
        alignedEof = true;
        epochDeadline = ticker.nanos() + shared.epochIntervalNanos();
        // An exchange whose every sender has ended sends no more barriers: it passes this epoch on at once.
        for (ExchangeReceiver r : receivers) {
            if (r.done()) {
                r.forwardDone(e);
            }
        }
    }

    /**
     * Waits until {@code lastEpoch} is committed by every worker (durably, with recovery on), then tells the sinks,
     * so that a sink completing its output on commit (a transactional sink) does so before it is closed.
     */
    private void awaitCommitted(long lastEpoch) {
        while (shared.progress().committedEpoch() < lastEpoch) {
            shared.checkFailed();
            Parker.parkNanos(MAX_PARK_NANOS);
        }
        notifyCommits();
    }

    private void notifyCommits() {
        long committed = shared.progress().committedEpoch();
        if (committed > notifiedCommit) {
            notifiedCommit = committed;
            for (SinkNode s : sinks) {
                s.epochCommitted(committed);
            }
        }
    }

    /** The last barriers may still sit in backlogs when every local node is done: send them before leaving. */
    private void drainBacklogs() {
        while (true) {
            boolean backlog = false;
            for (ExchangeSender s : senders) {
                s.retryBacklog();
                backlog |= s.hasBacklog();
            }
            if (!backlog) {
                return;
            }
            shared.checkFailed();
            Parker.parkNanos(BACKLOG_PARK_NANOS);
        }
    }

    private void park(boolean backlog, Instant now) {
        long nanos = backlog ? BACKLOG_PARK_NANOS : MAX_PARK_NANOS;
        if (!sourcesClosed) {
            long untilDeadline = epochDeadline - ticker.nanos();
            if (untilDeadline > 0 || !shared.snapshotInFlight(index)) {
                // Past the deadline with a snapshot in flight, the writer's commit wakes this worker.
                nanos = Math.min(nanos, untilDeadline);
            }
            Instant wake = earliestWake();
            if (wake != null) {
                Instant from = now == null ? ticker.now() : now;
                nanos = Math.min(nanos, java.time.Duration.between(from, wake).toNanos());
            }
        }
        long parkedAt = System.nanoTime();
        Parker.parkNanos(nanos);
        meter.parkedNanos.add(System.nanoTime() - parkedAt);
    }

    private Instant earliestWake() {
        Instant min = null;
        for (StatefulNode n : statefulNodes) {
            min = earlier(min, n.nextTimer());
        }
        for (SourceDriver s : sources) {
            min = earlier(min, s.nextAwake());
        }
        return min;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (a.isBefore(b) ? a : b);
    }

    private <T> int[] stepNumbers(List<T> nodes, java.util.function.Function<T, String> stepId) {
        int[] numbers = new int[nodes.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = meter.stepNumber(stepId.apply(nodes.get(i)));
        }
        return numbers;
    }

    private void closeQuietly() {
        for (SourceDriver s : sources) {
            try {
                s.close();
            } catch (Exception e) {
                shared.fail(index, e);
            }
        }
        for (SinkNode s : sinks) {
            try {
                s.close();
            } catch (Exception e) {
                shared.fail(index, e);
            }
        }
    }
}
