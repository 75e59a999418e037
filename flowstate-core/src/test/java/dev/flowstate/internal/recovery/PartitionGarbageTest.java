package dev.flowstate.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowstate.recovery.spi.StoredRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which keys a collection looks at: the remembered ones, or all of them in a full pass (first collection, after a
 * failed collection, after too many remembered keys).
 */
class PartitionGarbageTest {
    @TempDir
    Path dir;
    private Connection c;

    @BeforeEach
    void table() throws SQLException {
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("p.sqlite3"));
        try (Statement s = c.createStatement()) {
            for (String ddl : Schema.DDL) {
                s.execute(ddl);
            }
        }
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void aRememberedKeyIsCollected_aKeyWrittenElsewhereWaitsForTheFullPass() throws SQLException {
        PartitionGarbage g = new PartitionGarbage();
        insert(row("mine", 1), row("mine", 2), row("theirs", 1), row("theirs", 2)); // "theirs": another process
        g.wrote(List.of(row("mine", 2)));
        g.collect(c, false, 3);
        assertThat(epochs("mine")).containsExactly(2L);
        assertThat(epochs("theirs")).containsExactly(1L, 2L);
        g.collect(c, true, 3);
        assertThat(epochs("theirs")).containsExactly(2L);
    }

    @Test
    void afterAFailedCollection_theNextOneLooksAtEveryKey() throws SQLException {
        PartitionGarbage g = new PartitionGarbage();
        insert(row("a", 1), row("a", 2), row("b", 1), row("b", 2));
        g.wrote(List.of(row("a", 2)));
        g.forget(); // what SqliteBackend does when a collection's transaction failed
        g.collect(c, false, 3);
        assertThat(epochs("a")).containsExactly(2L);
        assertThat(epochs("b")).containsExactly(2L);
    }

    @Test
    void aWriteAtOrAboveKeepIsRemembered_untilACollectionPassesIt() throws SQLException {
        PartitionGarbage g = new PartitionGarbage();
        insert(row("a", 1), row("a", 2));
        g.wrote(List.of(row("a", 2)));
        g.collect(c, false, 2); // row 2 is not below keep yet: nothing is garbage
        assertThat(epochs("a")).containsExactly(1L, 2L);
        g.collect(c, false, 3); // still remembered, now collected
        assertThat(epochs("a")).containsExactly(2L);
    }

    @Test
    void rememberingTooManyKeys_forgetsThem_andTheNextCollectionIsAFullPass() throws SQLException {
        PartitionGarbage g = new PartitionGarbage();
        insert(row("b", 1), row("b", 2));
        g.wrote(List.of(row("a", 2)));
        g.wrote(Collections.nCopies(PartitionGarbage.TRACKED_KEY_LIMIT, row("x", 2))); // one key over the limit
        g.collect(c, false, 3);
        assertThat(epochs("b")).containsExactly(2L);
    }

    private static StoredRow row(String key, long epoch) {
        return new StoredRow("count", key.getBytes(StandardCharsets.UTF_8), epoch, 1, new byte[] {1}, 0);
    }

    private void insert(StoredRow... rows) throws SQLException {
        SqliteBackend.insertRows(c, new ArrayList<>(List.of(rows))); // the backend's own insert (it sorts in place)
    }

    private List<Long> epochs(String key) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT epoch FROM snapshots WHERE key = ? ORDER BY epoch")) {
            q.setBytes(1, key.getBytes(StandardCharsets.UTF_8));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
