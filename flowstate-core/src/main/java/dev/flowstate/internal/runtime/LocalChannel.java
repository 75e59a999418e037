package dev.flowstate.internal.runtime;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A {@link Channel} between two worker threads of one process: messages move as references, never serialized.
 * Wakes the receiver when a message arrives and the sender when room frees up after it found the channel full.
 */
final class LocalChannel implements Channel {
    private final ArrayBlockingQueue<Message> queue;
    private final Parker sender;
    private final Parker receiver;
    private volatile boolean senderWaiting;

    LocalChannel(int capacity, Parker sender, Parker receiver) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = sender;
        this.receiver = receiver;
    }

    @Override
    public boolean offer(Message message) {
        if (queue.offer(message)) {
            receiver.unpark();
            return true;
        }
        senderWaiting = true;
        // The receiver may have drained everything between the failed offer and the flag; retry once.
        if (queue.offer(message)) {
            senderWaiting = false;
            receiver.unpark();
            return true;
        }
        return false;
    }

    @Override
    public Message peek() {
        return queue.peek();
    }

    @Override
    public void remove() {
        queue.poll();
        if (senderWaiting) {
            senderWaiting = false;
            sender.unpark();
        }
    }
}
