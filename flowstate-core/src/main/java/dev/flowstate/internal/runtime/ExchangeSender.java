package dev.flowstate.internal.runtime;

import java.util.ArrayDeque;

/**
 * The sending half of an exchange on one worker: routes each item to a worker, delivers items for its own worker
 * directly, and batches the rest per destination. A message that does not fit into its channel waits in a backlog
 * (keeping channel order); while any backlog exists the worker reads no new input, which is how a slow receiver
 * slows its senders down.
 *
 * <p>Control messages go to every destination behind the items: a barrier flushes the batches and follows them; a
 * watermark likewise. In front of a timed step the sender applies the step's clock ({@link ClockLanes}): it stamps
 * each value with its time and lateness and sends its own watermark after each flush where it grew; otherwise it
 * forwards the watermarks arriving from upstream.
 */
final class ExchangeSender implements Node {
    private final String stepId;
    private final int self;
    private final Router router;
    private final Channel[] channels;
    private final ExchangeReceiver local;
    private final WorkerInfo worker;
    private final int batchSize;
    private final Object[][] buffers;
    private final int[] sizes;
    private final ArrayDeque<Message>[] backlogs;
    private boolean eofSent;
    /** The step's clock on this worker, or null: then upstream watermarks are forwarded. */
    private ClockLanes clock;
    private java.util.List<dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow> snapshotOut;

    @SuppressWarnings("unchecked")
    ExchangeSender(String stepId, int self, Router router, Channel[] channels, ExchangeReceiver local,
                   WorkerInfo worker, int batchSize) {
        this.stepId = stepId;
        this.self = self;
        this.router = router;
        this.channels = channels;
        this.local = local;
        this.worker = worker;
        this.batchSize = batchSize;
        int n = channels.length;
        this.buffers = new Object[n][];
        this.sizes = new int[n];
        this.backlogs = new ArrayDeque[n];
        for (int i = 0; i < n; i++) {
            if (i != self) {
                buffers[i] = new Object[batchSize];
                backlogs[i] = new ArrayDeque<>();
            }
        }
    }

    /** Applies {@code lanes} to every item; lane states go into {@code snapshotOut} (if not null) at each barrier. */
    void applyClock(ClockLanes lanes, java.util.List<dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow> snapshotOut) {
        this.clock = lanes;
        this.snapshotOut = snapshotOut;
    }

    @Override
    public void push(Object item) {
        if (clock != null) {
            try {
                item = clock.stamp(item, worker.origin());
            } catch (RuntimeException e) {
                throw StepException.wrap(stepId, e);
            }
        }
        int dst;
        try {
            dst = router.route(item);
        } catch (RuntimeException e) {
            throw StepException.wrap(stepId, e);
        }
        if (dst == self) {
            local.deliverLocal(item);
            return;
        }
        Object[] buffer = buffers[dst];
        buffer[sizes[dst]++] = item;
        if (sizes[dst] == batchSize) {
            sendBuffer(dst);
        }
    }

    @Override
    public void control(Message.Control control) {
        if (eofSent) {
            return; // the receivers treat this exchange as done and expect nothing more
        }
        if (control instanceof Message.Barrier b) {
            flush();
            if (clock != null && snapshotOut != null) {
                clock.snapshot(snapshotOut);
            }
            eofSent = b.eof();
            sendControl(b);
        } else if (clock == null) {
            flushBatches();
            sendControl(control);
        }
    }

    private void sendControl(Message.Control control) {
        for (int dst = 0; dst < channels.length; dst++) {
            if (dst != self) {
                send(dst, control);
            }
        }
        local.arrive(self, control);
    }

    /** Sends every partly filled batch, then the clock's watermark if it grew. */
    void flush() {
        flushBatches();
        if (clock != null && !eofSent) {
            Message.Watermark w = clock.next(worker.epoch());
            if (w != null) {
                sendControl(w);
            }
        }
    }

    private void flushBatches() {
        for (int dst = 0; dst < channels.length; dst++) {
            if (dst != self && sizes[dst] > 0) {
                sendBuffer(dst);
            }
        }
    }

    /** Moves backlogged messages into their channels where there is room; true if any moved. */
    boolean retryBacklog() {
        boolean moved = false;
        for (int dst = 0; dst < channels.length; dst++) {
            ArrayDeque<Message> backlog = backlogs[dst];
            while (backlog != null && !backlog.isEmpty() && channels[dst].offer(backlog.peekFirst())) {
                backlog.pollFirst();
                moved = true;
            }
        }
        return moved;
    }

    boolean hasBacklog() {
        for (ArrayDeque<Message> backlog : backlogs) {
            if (backlog != null && !backlog.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void sendBuffer(int dst) {
        Message batch = new Message.Batch(worker.epoch(), buffers[dst], sizes[dst]);
        buffers[dst] = new Object[batchSize];
        sizes[dst] = 0;
        send(dst, batch);
    }

    private void send(int dst, Message message) {
        ArrayDeque<Message> backlog = backlogs[dst];
        if (backlog.isEmpty() && channels[dst].offer(message)) {
            return;
        }
        backlog.addLast(message);
    }
}
