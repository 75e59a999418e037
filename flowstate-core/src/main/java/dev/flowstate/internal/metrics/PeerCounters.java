package dev.flowstate.internal.metrics;

import dev.flowstate.RunView;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Traffic to and from one other process. Sent counts are written by the peer's writer thread, received counts by
 * its reader thread; credit waits come from any local worker's channel, so they are atomic.
 */
public final class PeerCounters implements RunView.Peer {
    private final int processId;
    private final String address;
    public final Counter bytesSent = new Counter();
    public final Counter framesSent = new Counter();
    public final Counter bytesReceived = new Counter();
    public final Counter framesReceived = new Counter();
    private final AtomicLong creditWait = new AtomicLong();

    public PeerCounters(int processId, String address) {
        this.processId = processId;
        this.address = address;
    }

    public void addCreditWait(long nanos) {
        creditWait.addAndGet(nanos);
    }

    @Override
    public int processId() {
        return processId;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public long bytesSent() {
        return bytesSent.get();
    }

    @Override
    public long framesSent() {
        return framesSent.get();
    }

    @Override
    public long bytesReceived() {
        return bytesReceived.get();
    }

    @Override
    public long framesReceived() {
        return framesReceived.get();
    }

    @Override
    public long creditWaitNanos() {
        return creditWait.get();
    }
}
