package dev.flowstate.faults;

import dev.flowstate.io.PartitionedSink;
import dev.flowstate.io.SinkPartition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * An <em>at-least-once</em> sink: appends one line per item to a file and never truncates what earlier runs wrote.
 * Its snapshot is null (no state), so after a crash the replayed epochs are appended again and the file holds
 * every item at least once, some twice. It is the kind of sink recovery.txt describes as the default guarantee
 * ("At-least-once Output").
 *
 * <p>Lines are written whole: each {@link SinkPartition#writeBatch} appends its complete lines with one buffer,
 * and the buffer is flushed to the OS at every {@link SinkPartition#snapshot()} (a SIGKILL loses nothing the OS
 * has). A write cut by a kill can still leave a partial last line; on open the partition drops such a trailing
 * fragment, which is safe because an unterminated line was written after the partition's last snapshot, so its
 * epoch is replayed.
 *
 * <p>One partition named by the file path; immutable; the partition is used by one worker thread.
 */
public final class AppendOnlyFileSink implements PartitionedSink<String, Void> {
    private final Path path;

    public AppendOnlyFileSink(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    @Override
    public List<String> listPartitions() {
        return List.of(path.toString());
    }

    /** Opens the file for appending (creating it), ignoring {@code resumeState} (always null). */
    @Override
    public SinkPartition<String, Void> buildPartition(String partition, Void resumeState) throws IOException {
        if (!path.toString().equals(partition)) {
            throw new IllegalArgumentException("unknown partition '" + partition + "' for " + path);
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            channel.truncate(endOfLastLine(channel));
            channel.position(channel.size());
            return new Partition(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The length of the file up to and including its last '\n' (0 if none). */
    private static long endOfLastLine(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long pos = size - 1; pos >= 0; pos--) {
            one.clear();
            channel.read(one, pos);
            if (one.get(0) == '\n') {
                return pos + 1;
            }
        }
        return 0;
    }

    private static final class Partition implements SinkPartition<String, Void> {
        private static final int FLUSH_AT = 256 * 1024;
        private final FileChannel channel;
        private final StringBuilder pending = new StringBuilder();

        Partition(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void writeBatch(List<String> items) throws IOException {
            for (String item : items) {
                pending.append(item).append('\n');
            }
            if (pending.length() >= FLUSH_AT) {
                flush();
            }
        }

        private void flush() throws IOException {
            if (pending.length() == 0) {
                return;
            }
            ByteBuffer bytes = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
            pending.setLength(0);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        /** Flushes to the OS and returns null: there is nothing to resume from. */
        @Override
        public Void snapshot() throws IOException {
            flush();
            return null;
        }

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
