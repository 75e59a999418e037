package dev.flowstate.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirSourceTest {
    @TempDir
    Path dir;

    @Test
    void whenDirectoryHasFiles_listsOnePartitionPerFileSortedByName() throws Exception {
        Files.writeString(dir.resolve("b.txt"), "b\n");
        Files.writeString(dir.resolve("a.txt"), "a\n");
        Files.writeString(dir.resolve("c.log"), "c\n");
        assertThat(new DirSource(dir).listPartitions()).containsExactly("a.txt", "b.txt", "c.log");
    }

    @Test
    void whenGlobIsGiven_listsOnlyMatchingFiles() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "");
        Files.writeString(dir.resolve("b.log"), "");
        Files.writeString(dir.resolve("c.log"), "");
        assertThat(new DirSource(dir, "*.log").listPartitions()).containsExactly("b.log", "c.log");
    }

    @Test
    void whenGlobHasNoSlash_ignoresSubdirectoriesAndTheirFiles() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/nested.txt"), "");
        Files.writeString(dir.resolve("top.txt"), "");
        assertThat(new DirSource(dir).listPartitions()).containsExactly("top.txt");
    }

    @Test
    void whenGlobHasDoubleStar_includesNestedFilesNamedWithSlashes() throws Exception {
        Files.createDirectories(dir.resolve("x/y"));
        Files.writeString(dir.resolve("x/y/deep.log"), "deep\n");
        Files.writeString(dir.resolve("x/mid.log"), "");
        Files.writeString(dir.resolve("x/other.txt"), "");
        DirSource source = new DirSource(dir, "**/*.log");
        assertThat(source.listPartitions()).containsExactly("x/mid.log", "x/y/deep.log");
        try (SourcePartition<String, Long> p = source.buildPartition("x/y/deep.log", null)) {
            assertThat(Drain.all(p)).containsExactly("deep");
        }
    }

    @Test
    void eachPartition_readsItsOwnFilesLines() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a1\na2\n");
        Files.writeString(dir.resolve("b.txt"), "b1");
        DirSource source = new DirSource(dir);
        try (SourcePartition<String, Long> a = source.buildPartition("a.txt", null);
             SourcePartition<String, Long> b = source.buildPartition("b.txt", null)) {
            assertThat(Drain.all(a)).containsExactly("a1", "a2");
            assertThat(Drain.all(b)).containsExactly("b1");
        }
    }

    @Test
    void whenResumedFromOffset_continuesAfterLastEmittedLineOfThatFile() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "1\n2\n3\n");
        DirSource source = new DirSource(dir, "*", 1);
        long saved;
        try (SourcePartition<String, Long> p = source.buildPartition("a.txt", null)) {
            assertThat(Drain.batch(p)).containsExactly("1");
            saved = p.snapshot();
        }
        try (SourcePartition<String, Long> p = source.buildPartition("a.txt", saved)) {
            assertThat(Drain.all(p)).containsExactly("2", "3");
        }
    }

    @Test
    void whenDirectoryIsEmpty_listsNoPartitions() throws Exception {
        assertThat(new DirSource(dir).listPartitions()).isEmpty();
    }

    @Test
    void whenDirectoryIsMissing_listPartitionsFailsNamingIt() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> new DirSource(missing).listPartitions())
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("input directory " + missing + " does not exist");
    }

    @Test
    void whenPathIsAFile_listPartitionsFailsSayingItIsNotADirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "");
        assertThatThrownBy(() -> new DirSource(file).listPartitions())
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("input directory " + file + " is not a directory");
    }

    @Test
    void whenListedFileWasRemoved_buildPartitionFailsNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("gone.txt"), "x\n");
        DirSource source = new DirSource(dir);
        assertThat(source.listPartitions()).containsExactly("gone.txt");
        Files.delete(file);
        assertThatThrownBy(() -> source.buildPartition("gone.txt", 2L))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("gone.txt does not exist");
    }

    @Test
    void whenPartitionEscapesTheDirectory_isRejected() {
        DirSource source = new DirSource(dir.resolve("inner"));
        assertThatThrownBy(() -> source.buildPartition("../outside.txt", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whenGlobIsMalformed_constructorFails() {
        assertThatThrownBy(() -> new DirSource(dir, "[unclosed")).isInstanceOf(IllegalArgumentException.class);
    }
}
