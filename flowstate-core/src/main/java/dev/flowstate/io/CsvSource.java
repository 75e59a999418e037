package dev.flowstate.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a UTF-8 CSV file whose first record is the header, emitting one {@link java.util.LinkedHashMap} per record
 * (column name → field, in header order). One partition, named by the file's path string.
 *
 * <p><b>Format.</b> RFC 4180: fields may be quoted with {@code "}; inside quotes, {@code ""} is a literal quote and
 * the delimiter and line breaks are plain text, so a record may span several lines (a line break inside quotes is
 * read as {@code '\n'}). The delimiter is configurable (default {@code ','}). Blank lines are skipped, a leading
 * UTF-8 byte order mark is dropped from the first column name, and all fields are strings (no type conversion).
 *
 * <p><b>Errors.</b> A record with a different number of fields than the header fails the run with an
 * {@link IllegalArgumentException} naming the file, the record's first line number and both counts; so does a quoted
 * field left open at end of file and a header that names a column twice. A missing file or a file shorter than the
 * saved offset fails as in {@link FileSource}.
 *
 * <p><b>Resume.</b> The resume state is the byte offset just after the last emitted record. A resumed run re-reads
 * the header from the start of the file (without emitting it) and continues with the next record; records appended
 * since are read on. With recovery on, every record is read exactly once by the source.
 *
 * <p><b>Threading.</b> Immutable; each partition is used by one worker thread.
 *
 * <pre>{@code
 * flow.input("rows", new CsvSource(Path.of("trades.csv")))
 *     .map("price", row -> Double.parseDouble(row.get("price")))
 * }</pre>
 */
public final class CsvSource implements PartitionedSource<Map<String, String>, Long>, dev.flowstate.internal.plan.LocalFiles {
    private final Path path;
    private final char delimiter;
    private final int batchSize;

    /** Reads a comma-separated {@code path}. */
    public CsvSource(Path path) {
        this(path, ',');
    }

    /** Reads {@code path} with fields separated by {@code delimiter} (e.g. {@code ';'} or {@code '\t'}). */
    public CsvSource(Path path, char delimiter) {
        this(path, delimiter, FileSource.DEFAULT_BATCH_SIZE);
    }

    /**
     * Reads {@code path} with fields separated by {@code delimiter}, up to {@code batchSize} records per batch.
     *
     * @throws IllegalArgumentException if the delimiter is a quote or line break, or {@code batchSize < 1}
     */
    public CsvSource(Path path, char delimiter, int batchSize) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("CSV delimiter cannot be a quote or a line break");
        }
        this.path = Objects.requireNonNull(path, "path");
        this.delimiter = delimiter;
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
     * Reads the header and opens the file after it, or at {@code resumeState} (a byte offset) when not null.
     *
     * @throws java.io.FileNotFoundException if the file does not exist
     * @throws java.io.IOException if the file is shorter than {@code resumeState}, or cannot be read
     * @throws IllegalArgumentException if {@code partition} is not this source's, or the header is malformed
     */
    @Override
    public SourcePartition<Map<String, String>, Long> buildPartition(String partition, Long resumeState)
            throws Exception {
        if (!path.toString().equals(partition)) {
            throw new IllegalArgumentException("unknown partition '" + partition + "' for CsvSource of " + path);
        }
        return CsvPartition.open(path, delimiter, resumeState, batchSize);
    }
}
