package dev.flowstate.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads the lines of every regular file in a directory whose name matches a glob, one partition per file.
 *
 * <p><b>Partitions.</b> A partition is named by the file's path relative to the directory, with {@code '/'} as the
 * separator on every platform; the list is sorted, so every worker sees the same list. The glob (default
 * {@code "*"}, syntax of {@link java.nio.file.FileSystem#getPathMatcher}) is matched against that relative name: a
 * pattern without {@code '/'} or {@code "**"} only looks at the directory's own files, one such as
 * {@code "**}{@code /*.log"} walks subdirectories. Hidden files are not treated specially.
 *
 * <p><b>Per file.</b> Each partition behaves exactly like a {@link FileSource}: UTF-8 lines, resume state = the byte
 * offset after the last emitted line, appended lines read on, a file shorter than its saved offset refused. The set
 * of files is listed once per execution; a file added later is read from the start by the next execution, and a file
 * with saved state that has since been removed fails that execution with a clear error.
 *
 * <p><b>Threading.</b> Immutable; each partition is used by one worker thread.
 *
 * <pre>{@code
 * flow.input("logs", new DirSource(Path.of("logs"), "*.log"))
 * }</pre>
 */
public final class DirSource implements PartitionedSource<String, Long>, dev.flowstate.internal.plan.LocalFiles {
    private final Path dir;
    private final String glob;
    private final int batchSize;

    /** Reads every regular file directly in {@code dir}. */
    public DirSource(Path dir) {
        this(dir, "*");
    }

    /** Reads the regular files under {@code dir} whose relative name matches {@code glob}. */
    public DirSource(Path dir, String glob) {
        this(dir, glob, FileSource.DEFAULT_BATCH_SIZE);
    }

    /**
     * Reads the regular files under {@code dir} whose relative name matches {@code glob}, up to {@code batchSize}
     * lines per batch.
     *
     * @throws IllegalArgumentException if {@code batchSize < 1} or the glob is malformed
     */
    public DirSource(Path dir, String glob, int batchSize) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.glob = Objects.requireNonNull(glob, "glob");
        this.batchSize = FilePartition.checkBatchSize(batchSize);
        matcher(); // fail fast on a malformed pattern
    }

    private PathMatcher matcher() {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    /**
     * The matching files' names relative to the directory, sorted.
     *
     * @throws FileNotFoundException if the directory does not exist or is not a directory
     */
    /** The directory this connector reads (used to refuse an output that overwrites an input). */
    @Override
    public Path localPath() {
        return dir;
    }

    @Override
    public List<String> listPartitions() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new FileNotFoundException(Files.exists(dir)
                    ? "input directory " + dir + " is not a directory"
                    : "input directory " + dir + " does not exist");
        }
        PathMatcher matcher = matcher();
        int depth = glob.contains("/") || glob.contains("**") ? Integer.MAX_VALUE : 1;
        try (Stream<Path> files = Files.walk(dir, depth)) {
            return files.filter(Files::isRegularFile)
                    .map(dir::relativize)
                    .filter(matcher::matches)
                    .map(DirSource::portableName)
                    .sorted()
                    .toList();
        }
    }

    private static String portableName(Path relative) {
        StringBuilder sb = new StringBuilder();
        for (Path part : relative) {
            sb.append(sb.length() == 0 ? "" : "/").append(part);
        }
        return sb.toString();
    }

    /**
     * Opens the file named {@code partition} at {@code resumeState} (a byte offset), or at its start when null.
     *
     * @throws FileNotFoundException if the file does not exist (any more)
     * @throws IOException if the file is shorter than {@code resumeState}, or cannot be read
     * @throws IllegalArgumentException if {@code partition} would resolve outside the directory
     */
    @Override
    public SourcePartition<String, Long> buildPartition(String partition, Long resumeState) throws IOException {
        Path file = dir.resolve(partition).normalize();
        if (!file.startsWith(dir.normalize()) || file.equals(dir.normalize())) {
            throw new IllegalArgumentException("partition '" + partition + "' is not a file inside " + dir);
        }
        return FilePartition.open(file, resumeState, batchSize);
    }
}
