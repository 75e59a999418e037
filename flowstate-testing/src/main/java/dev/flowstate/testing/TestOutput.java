package dev.flowstate.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * An output step of a dataflow under a {@link TestDriver}: receives what the step writes, once the epoch it was
 * written in is committed. Items written by a run that then crashed before committing never show up here; the
 * restored run writes them again, once. So a test sees every result exactly once, whatever crashes it injects.
 * Items from different workers arrive in no defined order. Thread-safe.
 *
 * @param <T> the item type the output step writes
 */
public final class TestOutput<T> {
    private final String stepId;
    private final List<T> unread = new ArrayList<>();
    private final List<T> all = new ArrayList<>();
    private final java.util.Set<Long> deliveredEpochs = new java.util.HashSet<>();
    private volatile long committedThrough;

    TestOutput(String stepId) {
        this.stepId = stepId;
    }

    /** The output step's id. */
    public String stepId() {
        return stepId;
    }

    /** Everything committed since the last call to this method, in arrival order; removes it from the unread items. */
    public synchronized List<T> readAll() {
        List<T> items = new ArrayList<>(unread);
        unread.clear();
        return items;
    }

    /** Everything committed so far, read or not. */
    public synchronized List<T> all() {
        return new ArrayList<>(all);
    }

    /** Whether nothing was committed since the last {@link #readAll()}. */
    public synchronized boolean isEmpty() {
        return unread.isEmpty();
    }

    /** Takes an epoch's items once, however often a restored run offers them again. */
    synchronized void deliver(long epoch, List<T> items) {
        if (deliveredEpochs.add(epoch)) {
            unread.addAll(items);
            all.addAll(items);
        }
    }

    /** The sink was told that everything up to {@code epoch} is committed, and handed it over. */
    void committedThrough(long epoch) {
        if (epoch > committedThrough) {
            committedThrough = epoch;
        }
    }

    long committedThrough() {
        return committedThrough;
    }
}
