package dev.flowstate.internal.metrics;

import dev.flowstate.RunView;

/** What the snapshot writer committed, and when the run resumed. Written by the execution and the writer thread. */
public final class RecoveryCounters implements RunView.Recovery {
    private volatile boolean enabled;
    private volatile long resumeEpoch = 1;
    private volatile long resumeNanos;
    private final Counter commits = new Counter();
    private final Counter rows = new Counter();
    private final Counter bytes = new Counter();
    private final Counter commitNanos = new Counter();
    private final Counter lastCommitNanos = new Counter();

    public void enabled(long resumeEpoch) {
        this.enabled = true;
        this.resumeEpoch = resumeEpoch;
    }

    public void resumed(long nanos) {
        this.resumeNanos = nanos;
    }

    /** One commit of {@code rows} rows, {@code bytes} bytes, taking {@code nanos}; only from the writer thread. */
    public void committed(long rowCount, long byteCount, long nanos) {
        commits.add(1);
        rows.add(rowCount);
        bytes.add(byteCount);
        commitNanos.add(nanos);
        lastCommitNanos.set(nanos);
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public long resumeEpoch() {
        return resumeEpoch;
    }

    @Override
    public long resumeNanos() {
        return resumeNanos;
    }

    @Override
    public long commits() {
        return commits.get();
    }

    @Override
    public long snapshotRows() {
        return rows.get();
    }

    @Override
    public long snapshotBytes() {
        return bytes.get();
    }

    @Override
    public long commitNanos() {
        return commitNanos.get();
    }

    @Override
    public long lastCommitNanos() {
        return lastCommitNanos.get();
    }
}
