package dev.flowstate.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One CSV file read record by record: the partition behind {@link CsvSource}. Lines come from a {@link LineReader},
 * so the resume state is the exact byte offset after the last emitted record. Called from a single worker thread.
 *
 * <p>Design notes: parsing follows RFC 4180 (quoted fields, {@code ""} for a quote inside quotes, delimiters and
 * line breaks inside quotes) and is lenient where Python's {@code csv} module is: a quote in the middle of an
 * unquoted field, or text after a closing quote, is kept as is. A line break inside quotes is read as {@code '\n'}
 * (the reader strips the {@code '\r'} of CRLF). Blank lines between records are skipped.
 */
final class CsvPartition implements SourcePartition<Map<String, String>, Long> {
    private final LineReader reader;
    private final char delimiter;
    private final int batchSize;
    private final List<String> header;

    private CsvPartition(LineReader reader, char delimiter, int batchSize, List<String> header) {
        this.reader = reader;
        this.delimiter = delimiter;
        this.batchSize = batchSize;
        this.header = header;
    }

    /**
     * Opens {@code path}: reads the header from the start of the file, then positions after the header (fresh
     * start) or at {@code resumeOffset}. An empty file has no header and no records.
     */
    static CsvPartition open(Path path, char delimiter, Long resumeOffset, int batchSize) throws IOException {
        List<String> header;
        long headerEnd;
        try (LineReader headerReader = LineReader.open(path, 0)) {
            Record record = readRecord(headerReader, delimiter);
            header = record == null ? null : record.fields();
            headerEnd = headerReader.offset();
        }
        if (header != null) {
            header = checkHeader(path, header);
        }
        long start = resumeOffset == null ? headerEnd : Math.max(resumeOffset, headerEnd);
        return new CsvPartition(LineReader.open(path, start), delimiter, batchSize, header);
    }

    private static List<String> checkHeader(Path path, List<String> header) {
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("CSV file " + path + ": the header names column '" + name
                        + "' twice; column names must be unique");
            }
        }
        return List.copyOf(header);
    }

    @Override
    public boolean nextBatch(Consumer<? super Map<String, String>> out) throws IOException {
        if (header == null) {
            return false;
        }
        for (int i = 0; i < batchSize; i++) {
            Record record = readRecord(reader, delimiter);
            if (record == null) {
                return false;
            }
            List<String> fields = record.fields();
            if (fields.size() != header.size()) {
                throw new IllegalArgumentException("CSV file " + reader.path() + " line "
                        + LineReader.lineNumberAt(reader.path(), record.start()) + ": record has "
                        + fields.size() + " fields but the header has " + header.size());
            }
            Map<String, String> row = new LinkedHashMap<>(header.size() * 2);
            for (int f = 0; f < fields.size(); f++) {
                row.put(header.get(f), fields.get(f));
            }
            out.accept(row);
        }
        return true;
    }

    /** A record's fields and the byte offset where it starts (for error messages). */
    record Record(List<String> fields, long start) {
    }

    /** Reads one record (skipping blank lines), or returns null at end of file. */
    static Record readRecord(LineReader reader, char delimiter) throws IOException {
        long recordStart = reader.offset();
        String line = reader.readLine();
        while (line != null && line.isEmpty()) {
            recordStart = reader.offset();
            line = reader.readLine();
        }
        if (line == null) {
            return null;
        }
        if (recordStart == 0 && line.charAt(0) == '\uFEFF') {
            line = line.substring(1); // UTF-8 byte order mark (its bytes stay counted in the offset)
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false; // inside quotes
        boolean fieldStart = true; // nothing of the current field read yet
        while (true) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        field.append(c);
                    }
                } else if (c == delimiter) {
                    fields.add(field.toString());
                    field.setLength(0);
                    fieldStart = true;
                    continue;
                } else if (c == '"' && fieldStart) {
                    quoted = true;
                } else {
                    field.append(c);
                }
                fieldStart = false;
            }
            if (!quoted) {
                fields.add(field.toString());
                return new Record(fields, recordStart);
            }
            field.append('\n');
            line = reader.readLine();
            if (line == null) {
                throw new IllegalArgumentException("CSV file " + reader.path() + " line "
                        + LineReader.lineNumberAt(reader.path(), recordStart)
                        + ": a quoted field is not closed before end of file (missing '\"')");
            }
        }
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
