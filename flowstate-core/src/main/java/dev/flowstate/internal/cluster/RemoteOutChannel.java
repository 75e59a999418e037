package dev.flowstate.internal.cluster;

import dev.flowstate.internal.runtime.Channel;
import dev.flowstate.internal.runtime.Message;
import dev.flowstate.internal.runtime.StepException;
import dev.flowstate.internal.serde.KryoSerde;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sending half of a channel to a worker of another process. Holds at most {@code capacity} messages in flight (sent
 * but not yet taken by the receiving worker); the receiver returns credits as it takes them. A full channel refuses
 * the message, so the sender's backlog (and with it the worker's input) waits: backpressure across processes.
 */
final class RemoteOutChannel implements Channel {
    private final String stepId;
    private final int exchange;
    private final int src;
    private final int dst;
    private final int capacity;
    private final Peer peer;
    private final Runnable wakeSender;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean senderWaiting;
    /** When the channel last refused a message for want of credit (0: not waiting); for the credit-wait metric. */
    private final java.util.concurrent.atomic.AtomicLong waitingSince = new java.util.concurrent.atomic.AtomicLong();

    RemoteOutChannel(String stepId, int exchange, int src, int dst, int capacity, Peer peer, Runnable wakeSender) {
        this.stepId = stepId;
        this.exchange = exchange;
        this.src = src;
        this.dst = dst;
        this.capacity = capacity;
        this.peer = peer;
        this.wakeSender = wakeSender;
    }

    @Override
    public boolean offer(Message message) {
        if (inFlight.get() >= capacity) {
            senderWaiting = true;
            if (inFlight.get() >= capacity) {
                waitingSince.compareAndSet(0, System.nanoTime());
                return false;
            }
            senderWaiting = false;
        }
        inFlight.incrementAndGet();
        byte kind;
        byte[] payload;
        if (message instanceof Message.Batch b) {
            kind = Frames.BATCH;
            payload = serialize(b);
        } else {
            kind = ((Message.Barrier) message).eof() ? Frames.BARRIER_EOF : Frames.BARRIER;
            payload = new byte[0];
        }
        peer.send(Frames.frame(Frames.DATA, out -> {
            out.writeInt(exchange);
            out.writeInt(src);
            out.writeInt(dst);
            out.writeLong(message.epoch());
            out.writeByte(kind);
            out.writeInt(payload.length);
            out.write(payload);
        }));
        return true;
    }

    private byte[] serialize(Message.Batch b) {
        Object[] items = Arrays.copyOf(b.items(), b.size());
        try {
            return KryoSerde.INSTANCE.toBytes(items);
        } catch (RuntimeException e) {
            for (Object item : items) {
                try {
                    KryoSerde.INSTANCE.toBytes(item);
                } catch (RuntimeException itemFailure) {
                    throw new StepException(stepId, "an item of type " + (item == null ? "null" : item.getClass().getName())
                            + " cannot be sent to worker " + dst + " on another process: " + itemFailure.getMessage(),
                            itemFailure);
                }
            }
            throw new StepException(stepId, "items cannot be sent to worker " + dst + " on another process: "
                    + e.getMessage(), e);
        }
    }

    void credit(int n) {
        inFlight.addAndGet(-n);
        long since = waitingSince.getAndSet(0);
        if (since != 0) {
            peer.counters.addCreditWait(System.nanoTime() - since);
        }
        if (senderWaiting) {
            senderWaiting = false;
            wakeSender.run();
        }
    }

    @Override
    public Message peek() {
        throw new UnsupportedOperationException("sending half");
    }

    @Override
    public void remove() {
        throw new UnsupportedOperationException("sending half");
    }
}
