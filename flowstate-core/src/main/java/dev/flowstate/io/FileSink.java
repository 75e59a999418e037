package dev.flowstate.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Writes items to one UTF-8 file, one line per item ({@code format(item) + '\n'}), as a single partition named by
 * the file's path string.
 *
 * <p><b>Exactly-once.</b> At every epoch close, {@link SinkPartition#snapshot()} flushes, forces the data to disk
 * ({@link FileChannel#force(boolean) force(true)}) and returns the file's length. A resumed run truncates the file to
 * the length saved just before the resume epoch, cutting off whatever was written after that snapshot, and then the
 * replayed epochs write it again; so, with recovery on, the file holds every item exactly once. A fresh start (no
 * saved state) creates the file or truncates an existing one to empty. The parent directory is created if missing.
 *
 * <p><b>Errors.</b> If on resume the file is shorter than the saved length, it was truncated or replaced since the
 * snapshot, and {@link #buildPartition} fails instead of writing a file with a hole.
 *
 * <p><b>Format.</b> {@code new FileSink<>(path)} writes {@link String#valueOf(Object)} of each item;
 * {@link #of(Path, Function)} takes a formatter. A formatted item should not contain {@code '\n'} if readers expect
 * one item per line (exactly-once holds either way: truncation is by byte length).
 *
 * <p><b>Threading.</b> Immutable; the one partition is used by one worker thread. Only one run may write the file at
 * a time.
 *
 * <pre>{@code
 * stream.output("out", new FileSink<>(Path.of("out/result.txt")));
 * stream.output("csv", FileSink.of(Path.of("out.csv"), (Trade t) -> t.id() + "," + t.price()));
 * }</pre>
 *
 * @param <T> item type
 */
public final class FileSink<T> implements PartitionedSink<T, Long>, dev.flowstate.internal.plan.LocalFiles {
    private final Path path;
    private final Function<? super T, String> format;

    /** Writes each item's {@link String#valueOf(Object)} to {@code path}. */
    public FileSink(Path path) {
        this(path, String::valueOf);
    }

    private FileSink(Path path, Function<? super T, String> format) {
        this.path = Objects.requireNonNull(path, "path");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** Writes {@code format.apply(item)} for each item to {@code path}. */
    public static <T> FileSink<T> of(Path path, Function<? super T, String> format) {
        return new FileSink<>(path, format);
    }

    /** The one partition: the file's path string. */
    /** The file this connector writes (used to refuse an output that overwrites an input). */
    @Override
    public Path localPath() {
        return path;
    }

    @Override
    public List<String> listPartitions() {
        return List.of(path.toString());
    }

    /**
     * Opens the file: created or emptied when {@code resumeState} is null, else truncated to {@code resumeState}
     * bytes.
     *
     * @throws IOException if the file is shorter than {@code resumeState}, or cannot be written
     * @throws IllegalArgumentException if {@code partition} is not this sink's partition
     */
    @Override
    public SinkPartition<T, Long> buildPartition(String partition, Long resumeState) throws IOException {
        if (!path.toString().equals(partition)) {
            throw new IllegalArgumentException("unknown partition '" + partition + "' for FileSink of " + path);
        }
        if (resumeState != null && resumeState < 0) {
            throw new IllegalArgumentException("resume length must be >= 0, got " + resumeState + " for " + path);
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (resumeState != null && resumeState > 0 && !Files.exists(path)) {
            throw new IOException("output file " + path + " does not exist, but the saved snapshot says " + resumeState
                    + " bytes were written: it was deleted or moved; restore it, or start without the saved "
                    + "recovery state to rewrite it from the beginning");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long keep = resumeState == null ? 0 : resumeState;
            long size = channel.size();
            if (size < keep) {
                throw new IOException("output file " + path + " is shorter (" + size + " bytes) than the saved "
                        + "snapshot length " + keep + ": it was truncated or replaced; restore it, or start without "
                        + "the saved recovery state to rewrite it from the beginning");
            }
            channel.truncate(keep);
            channel.position(keep);
            return new Partition<>(channel, format);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The open file; buffers writes and tracks the length written so far. */
    private static final class Partition<T> implements SinkPartition<T, Long> {
        private static final int BUFFER_SIZE = 64 * 1024;

        private final FileChannel channel;
        private final Function<? super T, String> format;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);

        Partition(FileChannel channel, Function<? super T, String> format) {
            this.channel = channel;
            this.format = format;
        }

        @Override
        public void writeBatch(List<T> items) throws IOException {
            for (T item : items) {
                put((format.apply(item) + '\n').getBytes(StandardCharsets.UTF_8));
            }
        }

        private void put(byte[] bytes) throws IOException {
            if (bytes.length > buffer.remaining()) {
                flush();
                if (bytes.length > buffer.capacity()) {
                    writeFully(ByteBuffer.wrap(bytes));
                    return;
                }
            }
            buffer.put(bytes);
        }

        private void flush() throws IOException {
            buffer.flip();
            writeFully(buffer);
            buffer.clear();
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        /** Flushes, forces the file's data and metadata to disk and returns its length. */
        @Override
        public Long snapshot() throws IOException {
            flush();
            channel.force(true);
            return channel.position();
        }

        /** Flushes (without forcing) and closes the file. */
        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                channel.close();
            }
        }
    }
}
