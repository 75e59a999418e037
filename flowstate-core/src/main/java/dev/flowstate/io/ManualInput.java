package dev.flowstate.io;

import java.util.Iterator;
import java.util.Objects;

/**
 * Input written as a plain iterator per worker (the Bytewax {@code ManualInputConfig}). The builder is called on
 * each worker with its index, the worker count and the resume state it last yielded before the resume epoch (or
 * null), and yields {@link Resumable} items: the item and the state that resumes <em>after</em> it.
 *
 * <p>The resume state is kept per worker index. Resuming with another worker count is refused for manual inputs,
 * because the builder's split of the data depends on the worker count.
 */
public final class ManualInput<T> implements Source<T> {

    /** An item together with the resume state that continues right after it. */
    public record Resumable<T>(Object state, T item) {
    }

    /** Builds one worker's iterator. */
    @FunctionalInterface
    public interface Builder<T> {
        Iterator<Resumable<T>> build(int workerIndex, int workerCount, Object resumeState) throws Exception;
    }

    private final Builder<T> builder;

    private ManualInput(Builder<T> builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    public static <T> ManualInput<T> of(Builder<T> builder) {
        return new ManualInput<>(builder);
    }

    public Builder<T> builder() {
        return builder;
    }
}
