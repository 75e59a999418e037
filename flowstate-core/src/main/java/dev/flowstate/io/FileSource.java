package dev.flowstate.io;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * TEMPORARY shim (flowstate-cli branch) until the real connector is merged: reads the lines of one file as a single
 * partition; the resume state is the number of lines read.
 */
public final class FileSource implements PartitionedSource<String, Long> {
    private final Path path;

    public FileSource(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    @Override
    public List<String> listPartitions() {
        return List.of(path.toString());
    }

    @Override
    public SourcePartition<String, Long> buildPartition(String partition, Long resumeState) throws Exception {
        BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        long skip = resumeState == null ? 0 : resumeState;
        for (long i = 0; i < skip && reader.readLine() != null; i++) {
            // skip what was read before the resume epoch
        }
        return new SourcePartition<>() {
            private long read = skip;

            @Override
            public boolean nextBatch(Consumer<? super String> out) throws Exception {
                for (int i = 0; i < 1000; i++) {
                    String line = reader.readLine();
                    if (line == null) {
                        return false;
                    }
                    read++;
                    out.accept(line);
                }
                return true;
            }

            @Override
            public Long snapshot() {
                return read;
            }

            @Override
            public void close() throws Exception {
                reader.close();
            }
        };
    }
}
