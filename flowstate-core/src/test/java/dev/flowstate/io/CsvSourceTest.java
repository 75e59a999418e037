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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvSourceTest {
    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static SourcePartition<Map<String, String>, Long> open(CsvSource source, Long state) throws Exception {
        return source.buildPartition(source.listPartitions().get(0), state);
    }

    private static List<Map<String, String>> readAll(CsvSource source) throws Exception {
        try (SourcePartition<Map<String, String>, Long> p = open(source, null)) {
            return Drain.all(p);
        }
    }

    @Test
    void whenFileHasHeaderAndRows_emitsOneOrderedMapPerRow() throws Exception {
        Path file = write("id,name,price\n1,apple,0.5\n2,pear,0.75\n");
        List<Map<String, String>> rows = readAll(new CsvSource(file));
        assertThat(rows).containsExactly(
                Map.of("id", "1", "name", "apple", "price", "0.5"),
                Map.of("id", "2", "name", "pear", "price", "0.75"));
        assertThat(rows.get(0)).isInstanceOf(LinkedHashMap.class);
        assertThat(rows.get(0).keySet()).containsExactly("id", "name", "price");
    }

    @Test
    void whenFieldsAreQuoted_unquotesAndKeepsCommasAndEscapedQuotes() throws Exception {
        Path file = write("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"\"\n");
        assertThat(readAll(new CsvSource(file)))
                .containsExactly(Map.of("a", "x, y", "b", "say \"hi\"", "c", ""));
    }

    @Test
    void whenQuotedFieldHasLineBreaks_recordSpansLines() throws Exception {
        Path file = write("k,v\n1,\"line one\nline two\r\nline three\"\n2,plain\n");
        assertThat(readAll(new CsvSource(file))).containsExactly(
                Map.of("k", "1", "v", "line one\nline two\nline three"),
                Map.of("k", "2", "v", "plain"));
    }

    @Test
    void whenFieldsAreEmpty_emitsEmptyStrings() throws Exception {
        Path file = write("a,b,c\n,,\n");
        assertThat(readAll(new CsvSource(file))).containsExactly(Map.of("a", "", "b", "", "c", ""));
    }

    @Test
    void whenDelimiterIsConfigured_splitsOnItAndKeepsCommas() throws Exception {
        Path file = write("a;b\n1,5;\"x;y\"\n");
        assertThat(readAll(new CsvSource(file, ';'))).containsExactly(Map.of("a", "1,5", "b", "x;y"));
    }

    @Test
    void whenLinesEndWithCrLf_fieldsHaveNoCarriageReturn() throws Exception {
        Path file = write("a,b\r\n1,2\r\n");
        assertThat(readAll(new CsvSource(file))).containsExactly(Map.of("a", "1", "b", "2"));
    }

    @Test
    void whenFileStartsWithByteOrderMark_firstColumnNameHasNoMark() throws Exception {
        Path file = write("\uFEFFid,v\n1,2\n");
        assertThat(readAll(new CsvSource(file)).get(0).keySet()).containsExactly("id", "v");
    }

    @Test
    void whenByteOrderMarkPrecedesAQuotedHeader_headerIsUnquoted() throws Exception {
        Path file = write("\uFEFF\"id\",\"v\"\n1,2\n");
        assertThat(readAll(new CsvSource(file))).containsExactly(Map.of("id", "1", "v", "2"));
    }

    @Test
    void whenBlankLinesSeparateRecords_theyAreSkipped() throws Exception {
        Path file = write("a\n\n1\n\n\n2\n\n");
        assertThat(readAll(new CsvSource(file))).containsExactly(Map.of("a", "1"), Map.of("a", "2"));
    }

    @Test
    void whenQuoteIsInsideUnquotedField_keepsItLiterally() throws Exception {
        Path file = write("a,b\n5\"2,x\n");
        assertThat(readAll(new CsvSource(file))).containsExactly(Map.of("a", "5\"2", "b", "x"));
    }

    @Test
    void whenLastRecordHasNoNewline_emitsItAtEof() throws Exception {
        Path file = write("a\n1\n2");
        CsvSource source = new CsvSource(file);
        try (SourcePartition<Map<String, String>, Long> p = open(source, null)) {
            assertThat(Drain.all(p)).containsExactly(Map.of("a", "1"), Map.of("a", "2"));
            assertThat(p.snapshot()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void whenFileIsEmpty_emitsNothing() throws Exception {
        assertThat(readAll(new CsvSource(write("")))).isEmpty();
    }

    @Test
    void whenFileHasOnlyAHeader_emitsNothingAndSnapshotIsAfterHeader() throws Exception {
        Path file = write("a,b\n");
        try (SourcePartition<Map<String, String>, Long> p = open(new CsvSource(file), null)) {
            assertThat(Drain.all(p)).isEmpty();
            assertThat(p.snapshot()).isEqualTo(4L);
        }
    }

    @Test
    void whenBatchSizeIsOne_emitsOneRecordPerBatch() throws Exception {
        Path file = write("a\n1\n2\n");
        try (SourcePartition<Map<String, String>, Long> p = open(new CsvSource(file, ',', 1), null)) {
            assertThat(Drain.batch(p)).containsExactly(Map.of("a", "1"));
            assertThat(Drain.batch(p)).containsExactly(Map.of("a", "2"));
        }
    }

    @Test
    void whenResumedFromOffset_continuesAfterLastRecordWithoutReemittingHeader() throws Exception {
        Path file = write("a,b\n1,2\n3,4\n5,6\n");
        CsvSource source = new CsvSource(file, ',', 1);
        long saved;
        try (SourcePartition<Map<String, String>, Long> p = open(source, null)) {
            assertThat(Drain.batch(p)).containsExactly(Map.of("a", "1", "b", "2"));
            saved = p.snapshot();
        }
        assertThat(saved).isEqualTo(8L);
        try (SourcePartition<Map<String, String>, Long> p = open(source, saved)) {
            assertThat(Drain.all(p)).containsExactly(Map.of("a", "3", "b", "4"), Map.of("a", "5", "b", "6"));
        }
    }

    @Test
    void whenResumedFromEverySnapshot_readsExactlyTheRemainingRecords() throws Exception {
        Path file = write("k,v\n1,\"multi\nline\"\n2,\"a,b\"\n\n3,\"\"\"q\"\"\"\n4,end");
        CsvSource source = new CsvSource(file, ',', 1);
        List<Map<String, String>> all = new ArrayList<>();
        List<Long> snapshots = new ArrayList<>();
        try (SourcePartition<Map<String, String>, Long> p = open(source, null)) {
            snapshots.add(p.snapshot());
            while (p.nextBatch(all::add)) {
                snapshots.add(p.snapshot());
            }
        }
        assertThat(all).extracting(m -> m.get("v")).containsExactly("multi\nline", "a,b", "\"q\"", "end");
        for (int i = 0; i < all.size(); i++) {
            try (SourcePartition<Map<String, String>, Long> p = open(source, snapshots.get(i))) {
                assertThat(Drain.all(p)).as("resumed after %d records", i).isEqualTo(all.subList(i, all.size()));
            }
        }
    }

    @Test
    void whenResumedAtOffsetZero_stillSkipsTheHeader() throws Exception {
        Path file = write("a\n1\n");
        try (SourcePartition<Map<String, String>, Long> p = open(new CsvSource(file), 0L)) {
            assertThat(Drain.all(p)).containsExactly(Map.of("a", "1"));
        }
    }

    @Test
    void whenFileGrewSinceSnapshot_readsTheAppendedRecords() throws Exception {
        Path file = write("a\n1\n");
        CsvSource source = new CsvSource(file);
        long saved;
        try (SourcePartition<Map<String, String>, Long> p = open(source, null)) {
            Drain.all(p);
            saved = p.snapshot();
        }
        Files.writeString(file, "2\n", StandardOpenOption.APPEND);
        try (SourcePartition<Map<String, String>, Long> p = open(source, saved)) {
            assertThat(Drain.all(p)).containsExactly(Map.of("a", "2"));
        }
    }

    @Test
    void whenRowHasWrongFieldCount_failsNamingFileLineAndCounts() throws Exception {
        Path file = write("a,b,c\n1,2,3\n\"x\ny\",2,3\n4,5\n");
        assertThatThrownBy(() -> readAll(new CsvSource(file)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CSV file " + file + " line 5: record has 2 fields but the header has 3");
    }

    @Test
    void whenRowHasWrongFieldCountAfterResume_lineNumberIsStillCountedFromFileStart() throws Exception {
        Path file = write("a,b\n1,2\n\n3,4,5\n");
        assertThatThrownBy(() -> {
            try (SourcePartition<Map<String, String>, Long> p = open(new CsvSource(file), 8L)) {
                Drain.all(p);
            }
        }).hasMessage("CSV file " + file + " line 4: record has 3 fields but the header has 2");
    }

    @Test
    void whenQuotedFieldIsNotClosed_failsNamingFileAndLine() throws Exception {
        Path file = write("a\n1\n\"open\nstill open\n");
        assertThatThrownBy(() -> readAll(new CsvSource(file)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CSV file " + file + " line 3: a quoted field is not closed");
    }

    @Test
    void whenHeaderNamesAColumnTwice_failsNamingIt() throws Exception {
        Path file = write("a,b,a\n1,2,3\n");
        assertThatThrownBy(() -> readAll(new CsvSource(file)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'a' twice");
    }

    @Test
    void whenFileIsMissing_buildPartitionFailsNamingTheFile() {
        Path missing = dir.resolve("none.csv");
        assertThatThrownBy(() -> open(new CsvSource(missing), null))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("input file " + missing + " does not exist");
    }

    @Test
    void whenFileIsShorterThanResumeOffset_failsSayingItWasTruncatedOrReplaced() throws Exception {
        Path file = write("a\n1\n");
        assertThatThrownBy(() -> open(new CsvSource(file), 50L))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is shorter (4 bytes) than the saved resume offset 50");
    }

    @Test
    void whenDelimiterIsAQuoteOrLineBreak_isRejected() {
        Path file = dir.resolve("x.csv");
        assertThatThrownBy(() -> new CsvSource(file, '"')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CsvSource(file, '\n')).isInstanceOf(IllegalArgumentException.class);
    }
}
