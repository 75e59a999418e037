package dev.flowstate.io;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Prints each item's {@link String#valueOf(Object)} on its own line to standard output.
 *
 * <p><b>At-least-once.</b> Nothing is saved; after a resume the items of replayed epochs are printed again.
 *
 * <p><b>Threading.</b> Every worker gets its own writer. A batch is printed as one string, by a single
 * {@code print} call made while holding the lock of {@link System#out}, so lines from different workers never
 * interleave mid-line, and a batch's lines stay together. {@code System.out} is looked up at each write, so
 * {@link System#setOut} takes effect.
 *
 * <pre>{@code
 * stream.output("print", new StdOutSink<>());
 * }</pre>
 *
 * @param <T> item type
 */
public final class StdOutSink<T> implements DynamicSink<T> {
    private final Supplier<PrintStream> out;

    /** Prints to {@link System#out}. */
    public StdOutSink() {
        this(() -> System.out);
    }

    StdOutSink(Supplier<PrintStream> out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public SinkPartition<T, Void> buildForWorker(int workerIndex, int workerCount) {
        return new SinkPartition<>() {
            @Override
            public void writeBatch(List<T> items) {
                if (items.isEmpty()) {
                    return;
                }
                StringBuilder text = new StringBuilder();
                for (T item : items) {
                    text.append(item).append('\n');
                }
                PrintStream stream = out.get();
                synchronized (stream) {
                    stream.print(text);
                    stream.flush();
                }
            }

            /** Flushes standard output; there is no state to save. */
            @Override
            public Void snapshot() {
                out.get().flush();
                return null;
            }

            /** Nothing to release. */
            @Override
            public void close() {
            }
        };
    }
}
