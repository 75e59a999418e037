package dev.flowstate.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSourceTest {
    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("input.txt");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static SourcePartition<String, Long> open(FileSource source, Long state) throws Exception {
        return source.buildPartition(source.listPartitions().get(0), state);
    }

    @Test
    void listPartitions_isTheFilesPathString() throws Exception {
        Path file = write("a\n");
        assertThat(new FileSource(file).listPartitions()).containsExactly(file.toString());
    }

    @Test
    void whenReadFromStart_emitsEveryLineInOrderThenReportsExhausted() throws Exception {
        Path file = write("one\ntwo\nthree\n");
        try (SourcePartition<String, Long> p = open(new FileSource(file), null)) {
            assertThat(Drain.all(p)).containsExactly("one", "two", "three");
            assertThat(p.snapshot()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void whenLastLineHasNoNewline_emitsItAtEofWithOffsetAtFileSize() throws Exception {
        Path file = write("one\ntwo");
        try (SourcePartition<String, Long> p = open(new FileSource(file), null)) {
            assertThat(Drain.all(p)).containsExactly("one", "two");
            assertThat(p.snapshot()).isEqualTo(7L);
        }
    }

    @Test
    void whenLinesEndWithCrLf_stripsCarriageReturnButCountsItsBytes() throws Exception {
        Path file = write("a\r\nb\r\n");
        try (SourcePartition<String, Long> p = open(new FileSource(file, 1), null)) {
            assertThat(Drain.batch(p)).containsExactly("a");
            assertThat(p.snapshot()).isEqualTo(3L);
            assertThat(Drain.all(p)).containsExactly("b");
            assertThat(p.snapshot()).isEqualTo(6L);
        }
    }

    @Test
    void whenLinesAreEmpty_emitsEmptyStrings() throws Exception {
        Path file = write("\n\nx\n\n");
        try (SourcePartition<String, Long> p = open(new FileSource(file), null)) {
            assertThat(Drain.all(p)).containsExactly("", "", "x", "");
        }
    }

    @Test
    void whenFileIsEmpty_isExhaustedAtOnceWithOffsetZero() throws Exception {
        Path file = write("");
        try (SourcePartition<String, Long> p = open(new FileSource(file), null)) {
            assertThat(p.nextBatch(item -> { throw new AssertionError("emitted " + item); })).isFalse();
            assertThat(p.snapshot()).isZero();
        }
    }

    @Test
    void whenBatchSizeIsTwo_emitsAtMostTwoLinesPerBatch() throws Exception {
        Path file = write("1\n2\n3\n4\n5\n");
        try (SourcePartition<String, Long> p = open(new FileSource(file, 2), null)) {
            assertThat(Drain.batch(p)).containsExactly("1", "2");
            assertThat(Drain.batch(p)).containsExactly("3", "4");
            List<String> last = new ArrayList<>();
            assertThat(p.nextBatch(last::add)).isFalse();
            assertThat(last).containsExactly("5");
        }
    }

    @Test
    void whenDefaultBatchSize_emitsAThousandLinesPerBatch() throws Exception {
        Path file = write("x\n".repeat(2500));
        try (SourcePartition<String, Long> p = open(new FileSource(file), null)) {
            assertThat(Drain.batch(p)).hasSize(FileSource.DEFAULT_BATCH_SIZE);
        }
    }

    @Test
    void whenResumedFromOffset_continuesAfterLastEmittedLine() throws Exception {
        Path file = write("one\ntwo\nthree\nfour\n");
        FileSource source = new FileSource(file, 2);
        long saved;
        try (SourcePartition<String, Long> p = open(source, null)) {
            assertThat(Drain.batch(p)).containsExactly("one", "two");
            saved = p.snapshot();
        }
        assertThat(saved).isEqualTo(8L);
        try (SourcePartition<String, Long> p = open(source, saved)) {
            assertThat(Drain.all(p)).containsExactly("three", "four");
        }
    }

    @Test
    void whenResumedFromEverySnapshot_readsExactlyTheRemainingLines() throws Exception {
        List<String> lines = List.of("α", "", "bb", "ccc\r", "日本語", "last");
        Path file = write(String.join("\n", lines));
        FileSource source = new FileSource(file, 1);
        List<Long> snapshots = new ArrayList<>();
        try (SourcePartition<String, Long> p = open(source, null)) {
            snapshots.add(p.snapshot());
            while (p.nextBatch(line -> { })) {
                snapshots.add(p.snapshot());
            }
        }
        List<String> expected = List.of("α", "", "bb", "ccc", "日本語", "last");
        for (int i = 0; i < expected.size(); i++) {
            try (SourcePartition<String, Long> p = open(source, snapshots.get(i))) {
                assertThat(Drain.all(p)).as("resumed after %d lines", i)
                        .isEqualTo(expected.subList(i, expected.size()));
            }
        }
    }

    @Test
    void whenLinesHaveMultiByteCharacters_offsetCountsBytesNotChars() throws Exception {
        Path file = write("é\n日本\n");
        try (SourcePartition<String, Long> p = open(new FileSource(file, 1), null)) {
            Drain.batch(p);
            assertThat(p.snapshot()).isEqualTo(3L); // 2 bytes + '\n'
            Drain.batch(p);
            assertThat(p.snapshot()).isEqualTo(10L); // + 6 bytes + '\n'
        }
    }

    @Test
    void whenLineIsLongerThanTheReadBuffer_emitsItWhole() throws Exception {
        String longLine = "x".repeat(200_000);
        Path file = write("a\n" + longLine + "\nb\n");
        try (SourcePartition<String, Long> p = open(new FileSource(file), null)) {
            assertThat(Drain.all(p)).containsExactly("a", longLine, "b");
        }
    }

    @Test
    void whenCrLfIsSplitAcrossReadBuffers_stillStripsTheCarriageReturn() throws Exception {
        String first = "y".repeat(64 * 1024 - 1); // '\r' is the buffer's last byte, '\n' the next buffer's first
        Path file = write(first + "\r\nz\r\n");
        try (SourcePartition<String, Long> p = open(new FileSource(file), null)) {
            assertThat(Drain.all(p)).containsExactly(first, "z");
        }
    }

    @Test
    void whenFileGrewSinceSnapshot_readsTheAppendedLines() throws Exception {
        Path file = write("one\ntwo\n");
        FileSource source = new FileSource(file);
        long saved;
        try (SourcePartition<String, Long> p = open(source, null)) {
            assertThat(Drain.all(p)).containsExactly("one", "two");
            saved = p.snapshot();
        }
        Files.writeString(file, "three\nfour\n", StandardOpenOption.APPEND);
        try (SourcePartition<String, Long> p = open(source, saved)) {
            assertThat(Drain.all(p)).containsExactly("three", "four");
        }
    }

    @Test
    void whenResumedAtEndOfFile_isExhaustedWithTheSameOffset() throws Exception {
        Path file = write("one\n");
        try (SourcePartition<String, Long> p = open(new FileSource(file), 4L)) {
            assertThat(Drain.all(p)).isEmpty();
            assertThat(p.snapshot()).isEqualTo(4L);
        }
    }

    @Test
    void whenFileIsMissing_buildPartitionFailsNamingTheFile() {
        Path missing = dir.resolve("nope.txt");
        FileSource source = new FileSource(missing);
        assertThatThrownBy(() -> open(source, null))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("input file " + missing + " does not exist");
    }

    @Test
    void whenPathIsADirectory_buildPartitionFailsSayingSo() {
        assertThatThrownBy(() -> open(new FileSource(dir), null))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("is not a regular file");
    }

    @Test
    void whenFileIsShorterThanResumeOffset_failsSayingItWasTruncatedOrReplaced() throws Exception {
        Path file = write("short\n");
        assertThatThrownBy(() -> open(new FileSource(file), 100L))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("file " + file + " is shorter (6 bytes) than the saved resume offset 100: "
                        + "it was truncated or replaced; ");
    }

    @Test
    void whenResumeOffsetIsNegative_isRejected() throws Exception {
        Path file = write("a\n");
        assertThatThrownBy(() -> open(new FileSource(file), -1L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenPartitionNameIsUnknown_isRejected() throws Exception {
        Path file = write("a\n");
        assertThatThrownBy(() -> new FileSource(file).buildPartition("other", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown partition 'other'");
    }

    @Test
    void whenBatchSizeIsNotPositive_isRejected() {
        assertThatThrownBy(() -> new FileSource(dir.resolve("x"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize");
    }
}
