package dev.flowstate.internal.runtime;

import java.util.ArrayDeque;

/**
 * The sending half of an exchange on one worker: routes each item to a worker, delivers items for its own worker
 * directly, and batches the rest per destination. A message that does not fit into its channel waits in a backlog
 * (keeping channel order); while any backlog exists the worker reads no new input, which is how a slow receiver
 * slows its senders down.
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
    /** Messages in all backlogs, readable from a metrics thread. */
    private final dev.flowstate.internal.metrics.Counter backlogged = new dev.flowstate.internal.metrics.Counter();

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

    @Override
    public void push(Object item) {
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
    public void barrier(long epoch, boolean eof) {
        if (eofSent) {
            return; // the receivers treat this exchange as done and expect nothing more
        }
        eofSent = eof;
        flush();
        for (int dst = 0; dst < channels.length; dst++) {
            if (dst != self) {
                send(dst, new Message.Barrier(epoch, eof));
            }
        }
        local.arrive(self, epoch, eof);
    }

    /** Sends every partly filled batch. */
    void flush() {
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
                backlogged.add(-1);
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
        backlogged.add(1);
    }

    /** Messages waiting for room in their channel; any thread. */
    long backlogged() {
        return backlogged.get();
    }
}
