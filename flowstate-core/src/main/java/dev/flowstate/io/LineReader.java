package dev.flowstate.io;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads UTF-8 lines of a file while tracking the exact byte offset just after the last line returned, so that a
 * reader reopened at that offset continues with the next line. Shared by {@link FileSource}, {@link DirSource} and
 * {@link CsvSource}; not thread-safe (one worker thread owns it).
 *
 * <p>Design notes: lines are split on the byte {@code '\n'}, which never occurs inside a multi-byte UTF-8 sequence,
 * so splitting bytes first and decoding each line afterwards is exact. A trailing {@code '\r'} is stripped (CRLF
 * files), but still counted in the offset. Bytes that are not valid UTF-8 decode to U+FFFD rather than failing the
 * run. A last line without a terminating newline is returned at end of file, with the offset then equal to the file
 * size.
 */
final class LineReader implements Closeable {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).flip();
    private byte[] line = new byte[256];
    private int lineLength;
    private long offset;

    private LineReader(Path path, FileChannel channel, long offset) {
        this.path = path;
        this.channel = channel;
        this.offset = offset;
    }

    /**
     * Opens {@code path} positioned at {@code offset}.
     *
     * @throws FileNotFoundException if the file does not exist or is not a regular file
     * @throws IOException if the file is shorter than {@code offset} (it was truncated or replaced since the offset
     *     was saved), or cannot be read
     */
    static LineReader open(Path path, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("resume offset must be >= 0, got " + offset + " for file " + path);
        }
        if (!Files.exists(path)) {
            throw new FileNotFoundException("input file " + path + " does not exist");
        }
        if (!Files.isRegularFile(path)) {
            throw new FileNotFoundException("input file " + path + " is not a regular file");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (size < offset) {
                throw new IOException("file " + path + " is shorter (" + size + " bytes) than the saved resume offset "
                        + offset + ": it was truncated or replaced; restore the original file, or start without "
                        + "the saved recovery state to read it from the beginning");
            }
            channel.position(offset);
            return new LineReader(path, channel, offset);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** The byte offset just after the last line returned (or the start offset if none was returned yet). */
    long offset() {
        return offset;
    }

    /** The next line without its terminator, or null at end of file. */
    String readLine() throws IOException {
        lineLength = 0;
        while (true) {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int read = channel.read(buffer);
                buffer.flip();
                if (read <= 0) {
                    if (lineLength == 0) {
                        return null;
                    }
                    offset += lineLength;
                    return decode(lineLength);
                }
            }
            int start = buffer.position();
            int limit = buffer.limit();
            int newline = start;
            while (newline < limit && buffer.get(newline) != '\n') {
                newline++;
            }
            append(start, newline);
            if (newline < limit) {
                buffer.position(newline + 1);
                offset += lineLength + 1;
                return decode(lineLength);
            }
            buffer.position(limit);
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        buffer.get(from, line, lineLength, n);
        lineLength += n;
    }

    private String decode(int length) {
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * The 1-based number of the line starting at {@code offset} in {@code path}, found by counting newlines before
     * it. Only meant for error messages: it reads the file up to {@code offset}.
     */
    static long lineNumberAt(Path path, long offset) {
        long lines = 1;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(BUFFER_SIZE);
            long remaining = offset;
            while (remaining > 0) {
                buf.clear();
                if (remaining < buf.capacity()) {
                    buf.limit((int) remaining);
                }
                int read = channel.read(buf);
                if (read <= 0) {
                    break;
                }
                for (int i = 0; i < read; i++) {
                    if (buf.get(i) == '\n') {
                        lines++;
                    }
                }
                remaining -= read;
            }
        } catch (IOException e) {
            return -1;
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
