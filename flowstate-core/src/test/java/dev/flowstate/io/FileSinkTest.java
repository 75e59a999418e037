package dev.flowstate.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSinkTest {
    @TempDir
    Path dir;

    private static <T> SinkPartition<T, Long> open(FileSink<T> sink, Long state) throws Exception {
        return sink.buildPartition(sink.listPartitions().get(0), state);
    }

    @Test
    void listPartitions_isTheFilesPathString() {
        Path file = dir.resolve("out.txt");
        assertThat(new FileSink<String>(file).listPartitions()).containsExactly(file.toString());
    }

    @Test
    void whenBatchesAreWritten_fileHasOneLinePerItemAndSnapshotIsItsLength() throws Exception {
        Path file = dir.resolve("out.txt");
        try (SinkPartition<String, Long> p = open(new FileSink<>(file), null)) {
            p.writeBatch(List.of("a", "bb"));
            p.writeBatch(List.of("ccc"));
            assertThat(p.snapshot()).isEqualTo(9L);
            assertThat(Files.readString(file)).isEqualTo("a\nbb\nccc\n");
        }
    }

    @Test
    void snapshot_countsUtf8BytesNotChars() throws Exception {
        Path file = dir.resolve("out.txt");
        try (SinkPartition<String, Long> p = open(new FileSink<>(file), null)) {
            p.writeBatch(List.of("é", "日本"));
            assertThat(p.snapshot()).isEqualTo(3L + 7L);
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("é\n日本\n");
    }

    @Test
    void whenNothingWasWritten_snapshotIsZeroAndFileIsEmpty() throws Exception {
        Path file = dir.resolve("out.txt");
        try (SinkPartition<String, Long> p = open(new FileSink<>(file), null)) {
            assertThat(p.snapshot()).isZero();
        }
        assertThat(file).isEmptyFile();
    }

    @Test
    void whenStartedFresh_truncatesAnExistingFile() throws Exception {
        Path file = Files.writeString(dir.resolve("out.txt"), "old contents\n");
        try (SinkPartition<String, Long> p = open(new FileSink<>(file), null)) {
            p.writeBatch(List.of("new"));
            p.snapshot();
        }
        assertThat(Files.readString(file)).isEqualTo("new\n");
    }

    @Test
    void whenResumed_cutsOffOutputWrittenAfterTheSnapshotSoReplayIsExactlyOnce() throws Exception {
        Path file = dir.resolve("out.txt");
        FileSink<String> sink = new FileSink<>(file);
        long saved;
        SinkPartition<String, Long> first = open(sink, null);
        first.writeBatch(List.of("epoch1-a", "epoch1-b"));
        saved = first.snapshot();
        first.writeBatch(List.of("epoch2-a"));
        first.close(); // crash after epoch 2 was written but before its snapshot was recorded
        assertThat(Files.readString(file)).isEqualTo("epoch1-a\nepoch1-b\nepoch2-a\n");

        try (SinkPartition<String, Long> resumed = open(sink, saved)) {
            resumed.writeBatch(List.of("epoch2-a", "epoch2-b"));
            assertThat(resumed.snapshot()).isEqualTo(Files.size(file));
        }
        assertThat(Files.readAllLines(file)).containsExactly("epoch1-a", "epoch1-b", "epoch2-a", "epoch2-b");
    }

    @Test
    void whenResumedAtFullLength_appendsAfterExistingOutput() throws Exception {
        Path file = Files.writeString(dir.resolve("out.txt"), "kept\n");
        try (SinkPartition<String, Long> p = open(new FileSink<>(file), 5L)) {
            p.writeBatch(List.of("more"));
            assertThat(p.snapshot()).isEqualTo(10L);
        }
        assertThat(Files.readString(file)).isEqualTo("kept\nmore\n");
    }

    @Test
    void whenFileIsShorterThanResumeState_failsSayingItWasTruncatedOrReplaced() throws Exception {
        Path file = Files.writeString(dir.resolve("out.txt"), "abc\n");
        assertThatThrownBy(() -> open(new FileSink<String>(file), 100L))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("output file " + file + " is shorter (4 bytes) than the saved snapshot "
                        + "length 100: it was truncated or replaced; ");
        assertThat(Files.readString(file)).as("file left untouched").isEqualTo("abc\n");
    }

    @Test
    void whenFileIsMissingOnResume_failsInsteadOfCreatingIt() {
        Path file = dir.resolve("deleted.txt");
        assertThatThrownBy(() -> open(new FileSink<String>(file), 10L))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("output file " + file + " does not exist");
        assertThat(file).doesNotExist();
    }

    @Test
    void whenResumedAtLengthZeroAndFileIsMissing_createsIt() throws Exception {
        Path file = dir.resolve("never-written.txt");
        try (SinkPartition<String, Long> p = open(new FileSink<>(file), 0L)) {
            p.writeBatch(List.of("x"));
            p.snapshot();
        }
        assertThat(Files.readString(file)).isEqualTo("x\n");
    }

    @Test
    void whenParentDirectoryIsMissing_createsIt() throws Exception {
        Path file = dir.resolve("a/b/out.txt");
        try (SinkPartition<String, Long> p = open(new FileSink<>(file), null)) {
            p.writeBatch(List.of("x"));
            p.snapshot();
        }
        assertThat(Files.readString(file)).isEqualTo("x\n");
    }

    @Test
    void whenBuiltWithFormatter_writesFormattedItems() throws Exception {
        record Trade(String id, double price) {
        }
        Path file = dir.resolve("trades.csv");
        FileSink<Trade> sink = FileSink.of(file, t -> t.id() + "," + t.price());
        try (SinkPartition<Trade, Long> p = open(sink, null)) {
            p.writeBatch(List.of(new Trade("t1", 1.5), new Trade("t2", 2.0)));
            p.snapshot();
        }
        assertThat(Files.readString(file)).isEqualTo("t1,1.5\nt2,2.0\n");
    }

    @Test
    void whenBuiltWithPathOnly_writesStringValueOfAnyItem() throws Exception {
        Path file = dir.resolve("ints.txt");
        try (SinkPartition<Integer, Long> p = open(new FileSink<Integer>(file), null)) {
            p.writeBatch(List.of(1, 22));
            p.snapshot();
        }
        assertThat(Files.readString(file)).isEqualTo("1\n22\n");
    }

    @Test
    void whenOutputExceedsTheBuffer_everyByteIsWrittenInOrder() throws Exception {
        Path file = dir.resolve("big.txt");
        String huge = "h".repeat(200_000);
        try (SinkPartition<String, Long> p = open(new FileSink<>(file), null)) {
            for (int i = 0; i < 10_000; i++) {
                p.writeBatch(List.of("line-" + i));
            }
            p.writeBatch(List.of(huge, "after"));
            assertThat(p.snapshot()).isEqualTo(Files.size(file));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(10_002);
        assertThat(lines.get(9_999)).isEqualTo("line-9999");
        assertThat(lines.get(10_000)).isEqualTo(huge);
        assertThat(lines.get(10_001)).isEqualTo("after");
    }

    @Test
    void close_flushesBufferedItems() throws Exception {
        Path file = dir.resolve("out.txt");
        SinkPartition<String, Long> p = open(new FileSink<>(file), null);
        p.writeBatch(List.of("buffered"));
        p.close();
        assertThat(Files.readString(file)).isEqualTo("buffered\n");
    }

    @Test
    void whenPartitionNameIsUnknown_isRejected() {
        FileSink<String> sink = new FileSink<>(dir.resolve("out.txt"));
        assertThatThrownBy(() -> sink.buildPartition("other", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown partition 'other'");
    }
}
