package dev.flowstate.internal.cluster;

import dev.flowstate.internal.runtime.Channel;
import dev.flowstate.internal.runtime.Message;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Receiving half of a channel from a worker of another process: the connection's reader thread appends decoded
 * messages, the worker takes them and a credit goes back to the sender for each one taken. The sender never has more
 * than its capacity in flight, so this queue stays bounded.
 */
final class RemoteInChannel implements Channel {
    private final int exchange;
    private final int src;
    private final int dst;
    private final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
    private volatile Peer peer;
    private volatile Runnable wakeReceiver;

    RemoteInChannel(int exchange, int src, int dst) {
        this.exchange = exchange;
        this.src = src;
        this.dst = dst;
    }

    void bind(Peer peer, Runnable wakeReceiver) {
        this.peer = peer;
        this.wakeReceiver = wakeReceiver;
        wakeReceiver.run();
    }

    void arrive(Message m) {
        queue.add(m);
        Runnable w = wakeReceiver;
        if (w != null) {
            w.run();
        }
    }

    @Override
    public boolean offer(Message message) {
        throw new UnsupportedOperationException("receiving half");
    }

    @Override
    public Message peek() {
        return queue.peek();
    }

    @Override
    public void remove() {
        queue.poll();
        peer.send(Frames.frame(Frames.CREDIT, out -> {
            out.writeInt(exchange);
            out.writeInt(src);
            out.writeInt(dst);
            out.writeInt(1);
        }));
    }
}
