package dev.flowstate.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * One file read line by line: the partition behind {@link FileSource} and {@link DirSource}. The resume state is
 * the byte offset just after the last emitted line. Called from a single worker thread.
 */
final class FilePartition implements SourcePartition<String, Long> {
    private final LineReader reader;
    private final int batchSize;

    private FilePartition(LineReader reader, int batchSize) {
        this.reader = reader;
        this.batchSize = batchSize;
    }

    /** Opens {@code path} at {@code resumeOffset} (null: from the start); see {@link LineReader#open} for errors. */
    static FilePartition open(Path path, Long resumeOffset, int batchSize) throws IOException {
        return new FilePartition(LineReader.open(path, resumeOffset == null ? 0L : resumeOffset), batchSize);
    }

    static int checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        return batchSize;
    }

    @Override
    public boolean nextBatch(Consumer<? super String> out) throws IOException {
        for (int i = 0; i < batchSize; i++) {
            String line = reader.readLine();
            if (line == null) {
                return false;
            }
            out.accept(line);
        }
        return true;
    }

    @Override
    public Long snapshot() {
        return reader.offset();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
