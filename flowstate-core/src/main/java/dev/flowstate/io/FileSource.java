package dev.flowstate.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads the lines of one UTF-8 text file, as a single partition named by the file's path string.
 *
 * <p><b>Lines.</b> Lines are split on {@code '\n'}; a trailing {@code '\r'} is stripped, so CRLF files read the same
 * as LF files. A last line without a terminating newline is emitted when end of file is reached, and then the
 * partition is exhausted. Bytes that are not valid UTF-8 are replaced by U+FFFD.
 *
 * <p><b>Resume.</b> The resume state is the byte offset just after the last emitted line. A resumed run reopens the
 * file at that offset and continues with the next line, so with recovery on every line is read exactly once by the
 * source (downstream delivery then depends on the sink). If the file has grown since (lines appended), the new lines
 * are read on. If the file is now shorter than the saved offset, it was truncated or replaced, and
 * {@link #buildPartition} fails rather than silently skipping or repeating input. Caveat: if the last line had no
 * newline when it was emitted and more bytes were appended to that same line afterwards, a resumed run emits those
 * bytes as a new line.
 *
 * <p><b>Batches.</b> Each {@code nextBatch} emits up to {@code batchSize} lines (default {@value #DEFAULT_BATCH_SIZE}).
 *
 * <p><b>Threading.</b> This object is immutable and may be shared; each partition it builds is used by one worker
 * thread.
 *
 * <pre>{@code
 * flow.input("lines", new FileSource(Path.of("input.txt")))
 * }</pre>
 */
public final class FileSource implements PartitionedSource<String, Long>, dev.flowstate.internal.plan.LocalFiles {
    /** Lines emitted per {@code nextBatch} unless configured otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private final Path path;
    private final int batchSize;

    /** Reads {@code path} with the default batch size. */
    public FileSource(Path path) {
        this(path, DEFAULT_BATCH_SIZE);
    }

    /**
     * Reads {@code path}, emitting up to {@code batchSize} lines per batch.
     *
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public FileSource(Path path, int batchSize) {
        this.path = Objects.requireNonNull(path, "path");
        this.batchSize = FilePartition.checkBatchSize(batchSize);
    }

    /** The one partition: the file's path string. The file need not exist until {@link #buildPartition}. */
    /** The file this connector reads (used to refuse an output that overwrites an input). */
    @Override
    public Path localPath() {
        return path;
    }

    @Override
    public List<String> listPartitions() {
        return List.of(path.toString());
    }

    /**
     * Opens the file at {@code resumeState} (a byte offset), or at its start when null.
     *
     * @throws java.io.FileNotFoundException if the file does not exist
     * @throws java.io.IOException if the file is shorter than {@code resumeState}, or cannot be read
     * @throws IllegalArgumentException if {@code partition} is not this source's partition
     */
    @Override
    public SourcePartition<String, Long> buildPartition(String partition, Long resumeState) throws Exception {
        if (!path.toString().equals(partition)) {
            throw new IllegalArgumentException("unknown partition '" + partition + "' for FileSource of " + path);
        }
        return FilePartition.open(path, resumeState, batchSize);
    }
}
