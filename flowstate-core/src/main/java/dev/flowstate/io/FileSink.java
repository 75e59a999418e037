package dev.flowstate.io;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * TEMPORARY shim (flowstate-cli branch) until the real connector is merged: writes items as lines to one file (a
 * single partition); the snapshot is the file length, to which a resumed run truncates.
 */
public final class FileSink implements PartitionedSink<String, Long> {
    private final Path path;

    public FileSink(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    @Override
    public List<String> listPartitions() {
        return List.of(path.toString());
    }

    @Override
    public SinkPartition<String, Long> buildPartition(String partition, Long resumeState) throws Exception {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(resumeState == null ? 0 : resumeState);
        channel.position(channel.size());
        return new SinkPartition<>() {
            @Override
            public void writeBatch(List<String> items) throws Exception {
                StringBuilder sb = new StringBuilder();
                for (String item : items) {
                    sb.append(item).append('\n');
                }
                ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }

            @Override
            public Long snapshot() throws Exception {
                channel.force(false);
                return channel.position();
            }

            @Override
            public void close() throws Exception {
                channel.force(false);
                channel.close();
            }
        };
    }
}
