package dev.flowstate.internal.runtime;

/**
 * The receiving half of an exchange on one worker. Reads each upstream worker's channel in order, but only messages
 * of the epoch the worker is in: after a channel delivered barrier {@code e}, its items of {@code e + 1} wait in the
 * channel until every channel delivered {@code e} (barrier alignment) and the worker moved on. The aligned barrier
 * is then forwarded downstream, so each downstream node sees all of epoch {@code e} before any of {@code e + 1}.
 * Watermarks arrive on the same channels behind the items; the receiver forwards the minimum over all sending
 * workers ({@link WatermarkMin}), so the step's watermark never passes an item still in some channel.
 */
final class ExchangeReceiver {
    /** Called when all upstream workers delivered the barrier of the current epoch. */
    interface AlignmentListener {
        void aligned(long epoch, boolean eof);
    }

    private final String stepId;
    private final int workers;
    private final Channel[] channels;
    private final boolean[] arrived;
    /** Senders that sent their EOF barrier: they send nothing more and count as arrived in every later epoch. */
    private final boolean[] ended;
    private int endedCount;
    private final AlignmentListener listener;
    private Node downstream;
    private int arrivedCount;
    private boolean allEof = true;
    private boolean done;
    private final WatermarkMin watermark;

    ExchangeReceiver(String stepId, int workers, AlignmentListener listener) {
        this.stepId = stepId;
        this.workers = workers;
        this.channels = new Channel[workers];
        this.arrived = new boolean[workers];
        this.ended = new boolean[workers];
        this.listener = listener;
        this.watermark = new WatermarkMin(workers);
    }

    void connect(int fromWorker, Channel channel) {
        channels[fromWorker] = channel;
    }

    void setDownstream(Node downstream) {
        this.downstream = downstream;
    }

    void deliverLocal(Object item) {
        downstream.push(item);
    }

    /** A control message from {@code fromWorker} (the local sender calls this directly). */
    void arrive(int fromWorker, Message.Control control) {
        if (control instanceof Message.Watermark w) {
            forward(watermark.update(fromWorker, w));
        } else {
            Message.Barrier b = (Message.Barrier) control;
            arriveBarrier(fromWorker, b.epoch(), b.eof());
        }
    }

    private void forward(Message.Watermark w) {
        if (w != null) {
            downstream.control(w);
        }
    }

    private void arriveBarrier(int fromWorker, long epoch, boolean eof) {
        if (arrived[fromWorker]) {
            throw new IllegalStateException("exchange before '" + stepId + "': second barrier " + epoch
                    + " from worker " + fromWorker + " before alignment");
        }
        arrived[fromWorker] = true;
        allEof &= eof;
        if (eof && !ended[fromWorker]) {
            ended[fromWorker] = true;
            endedCount++;
            forward(watermark.end(fromWorker, epoch));
        }
        if (++arrivedCount == workers) {
            boolean forwardEof = allEof;
            System.arraycopy(ended, 0, arrived, 0, workers);
            arrivedCount = endedCount;
            allEof = true;
            done = forwardEof;
            downstream.control(new Message.Barrier(epoch, forwardEof));
            listener.aligned(epoch, forwardEof);
        }
    }

    /** True once every upstream worker sent its EOF barrier: nothing will arrive any more. */
    boolean done() {
        return done;
    }

    /** For a done exchange: passes epoch {@code epoch}'s (EOF) barrier on without waiting for anyone. */
    void forwardDone(long epoch) {
        downstream.control(new Message.Barrier(epoch, true));
        listener.aligned(epoch, true);
    }

    /**
     * Processes waiting messages of {@code currentEpoch}, at most {@code budget} batches per channel.
     *
     * @return true if anything was processed
     */
    boolean drain(long currentEpoch, int budget) {
        boolean progress = false;
        for (int src = 0; src < workers; src++) {
            Channel channel = channels[src];
            if (channel == null) {
                continue;
            }
            for (int n = 0; n < budget; n++) {
                Message m = channel.peek();
                if (m == null || m.epoch() > currentEpoch) {
                    break;
                }
                if (m.epoch() < currentEpoch) {
                    throw new IllegalStateException("exchange before '" + stepId + "': message of past epoch "
                            + m.epoch() + " from worker " + src + " in epoch " + currentEpoch);
                }
                channel.remove();
                progress = true;
                if (m instanceof Message.Batch b) {
                    Object[] items = b.items();
                    for (int i = 0, size = b.size(); i < size; i++) {
                        downstream.push(items[i]);
                    }
                } else if (m instanceof Message.Barrier barrier) {
                    arriveBarrier(src, barrier.epoch(), barrier.eof());
                    break;
                } else {
                    arrive(src, (Message.Control) m);
                }
            }
        }
        return progress;
    }
}
