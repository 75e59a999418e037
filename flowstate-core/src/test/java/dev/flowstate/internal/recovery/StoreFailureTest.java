package dev.flowstate.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.StoreLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Issue 8 item 7: the one-line message says which failure and where, the same for every backend. */
class StoreFailureTest {
    @TempDir
    Path dir;

    private String message(SQLiteErrorCode code) {
        Path file = dir.resolve("part-0000.sqlite3");
        RecoveryBackendException e = PartitionDb.failure(file, "write failed (rolled back)",
                new SQLiteException("[" + code.name() + "] native message", code));
        return Refusals.of(StoreLocation.of(dir), e).getMessage();
    }

    @Test
    void diskFull_saysDiskFullAndWhere() {
        assertThat(message(SQLiteErrorCode.SQLITE_FULL))
                .startsWith("recovery store " + dir + ": disk full: " + dir.resolve("part-0000.sqlite3"))
                .contains("SQLITE_FULL").contains("Free space there");
    }

    @Test
    void readOnly_saysReadOnly() {
        assertThat(message(SQLiteErrorCode.SQLITE_READONLY)).contains("is read-only: ").contains("part-0000.sqlite3");
    }

    @Test
    void permissionDenied_saysSo() {
        assertThat(message(SQLiteErrorCode.SQLITE_PERM)).contains(": permission denied: ")
                .contains("read and write access");
    }

    @Test
    void corruptFile_isDamaged() {
        assertThat(message(SQLiteErrorCode.SQLITE_CORRUPT)).contains("is damaged: ").contains("corrupt");
    }

    @Test
    void everyKind_hasOneLineMessageNamingTheStore() {
        for (RecoveryBackendException.Kind kind : RecoveryBackendException.Kind.values()) {
            String m = Refusals.of(StoreLocation.parse("s3://b/p"),
                    new RecoveryBackendException(kind, "s3://b/p/_identity", "something happened")).getMessage();
            assertThat(m).as(kind.name()).startsWith("recovery store s3://b/p").doesNotContain("\n")
                    .contains("s3://b/p/_identity").contains("something happened");
        }
    }
}
