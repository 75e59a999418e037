package dev.flowstate.internal.recovery;

import static dev.flowstate.internal.recovery.StoreFixtures.load;
import static dev.flowstate.internal.recovery.StoreFixtures.row;
import static dev.flowstate.internal.recovery.StoreFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowstate.recovery.Recovery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 10: an init killed at any moment leaves either a complete store or a directory the next init
 * completes. The states a kill can leave are made directly: temporary files only, some partitions renamed, SQLite
 * side files of a temporary file, a half-written temporary file.
 */
class InitAtomicityTest {
    @TempDir
    Path tmp;

    private static final int N = 3;

    /** Files an init would have created, all under their temporary names. */
    private Path tempFilesOnly() {
        Path dir = tmp.resolve("s");
        String id = UUID.randomUUID().toString();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (int i = 0; i < N; i++) {
            PartitionDb.create(dir.resolve(StoreLayout.fileName(i) + ".init-tmp"), id, i, N, "2026-01-01T00:00:00Z");
        }
        return dir;
    }

    private void assertDeadEndGone(Path dir) throws IOException {
        assertThatThrownBy(() -> ProtocolStore.open(dir))
                .isInstanceOf(RecoveryStoreException.class)
                .hasMessageContaining("is not initialized")
                .hasMessageContaining("flowstate recovery init");
        Recovery.init(dir, 2);
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state"));
            store.commit(0, 1, List.of(row("count", "a", "1")));
            assertThat(load(store, "count", 2)).containsEntry("a", "1");
            assertThat(store.partitionCount()).isEqualTo(2);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".init-tmp"));
        }
    }

    @Test
    void killedBeforeAnyRename_nextInitCompletes() throws IOException {
        assertDeadEndGone(tempFilesOnly());
    }

    @Test
    void killedAfterSomeRenames_nextInitCompletes() throws IOException {
        Path dir = tempFilesOnly();
        for (int i = N - 1; i >= 1; i--) {
            Files.move(dir.resolve(StoreLayout.fileName(i) + ".init-tmp"), dir.resolve(StoreLayout.fileName(i)));
        }
        assertDeadEndGone(dir);
    }

    @Test
    void killedWhileCreatingAFile_nextInitCompletes() throws IOException {
        Path dir = tempFilesOnly();
        Files.write(dir.resolve(StoreLayout.fileName(N) + ".init-tmp"), new byte[]{1, 2, 3}); // half written
        Files.write(dir.resolve(StoreLayout.fileName(0) + ".init-tmp-journal"), new byte[]{4});
        Files.write(dir.resolve(StoreLayout.fileName(1) + ".init-tmp-wal"), new byte[0]);
        assertDeadEndGone(dir);
    }

    @Test
    void leftoversNextToForeignFiles_areNotTouched() throws IOException {
        Path dir = tempFilesOnly();
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> Recovery.init(dir, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not empty").hasMessageContaining("notes.txt");
        assertThat(dir.resolve(StoreLayout.fileName(0) + ".init-tmp")).exists();
    }

    @Test
    void aCompleteStore_isNeverReinitialized() {
        Path dir = tmp.resolve("s");
        Recovery.init(dir, 2);
        assertThatThrownBy(() -> Recovery.init(dir, 2)).hasMessageContaining("already holds a recovery store");
    }

    @Test
    void initLeavesNoTemporaryOrSideFiles() throws IOException {
        Path dir = tmp.resolve("s");
        Recovery.init(dir, 3);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("part-0000.sqlite3", "part-0001.sqlite3", "part-0002.sqlite3");
        }
    }
}
