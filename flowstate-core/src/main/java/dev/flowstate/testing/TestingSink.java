package dev.flowstate.testing;

import dev.flowstate.io.DynamicSink;
import dev.flowstate.io.SinkPartition;

import java.util.List;
import java.util.Objects;

/**
 * Appends every written item to a list the test owns, for assertions after the run.
 *
 * <pre>{@code
 * List<String> out = new ArrayList<>();
 * stream.output("out", new TestingSink<>(out));
 * // run, then: assertThat(out).containsExactly(...)
 * }</pre>
 *
 * <p><b>At-least-once.</b> Nothing is saved: after a crash and resume, the items of replayed epochs are appended
 * again, so the list may hold duplicates; compare as a set, or de-duplicate, in recovery tests.
 *
 * <p><b>Threading.</b> Every worker gets its own writer; each batch is appended while holding the list's monitor
 * ({@code synchronized (list)}), so a plain {@link java.util.ArrayList} is safe. Read the list after the run, or
 * under the same lock. Items from different workers interleave by batch in no defined order.
 *
 * @param <T> item type
 */
public final class TestingSink<T> implements DynamicSink<T> {
    private final List<? super T> list;

    /** Appends to {@code list}. */
    public TestingSink(List<? super T> list) {
        this.list = Objects.requireNonNull(list, "list");
    }

    @Override
    public SinkPartition<T, Void> buildForWorker(int workerIndex, int workerCount) {
        return new SinkPartition<>() {
            @Override
            public void writeBatch(List<T> items) {
                synchronized (list) {
                    list.addAll(items);
                }
            }

            @Override
            public Void snapshot() {
                return null;
            }

            /** Nothing to release. */
            @Override
            public void close() {
            }
        };
    }
}
