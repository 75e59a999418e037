package dev.flowstate.internal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.spi.StoreLocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore query must stay one ordered scan of the primary key, whatever SQLite's planner prefers later. */
class QueryPlanTest {
    @TempDir
    Path dir;

    private String plan(String sql) throws Exception {
        Recovery.init(dir, 1);
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("part-0000.sqlite3"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql.replace("?", "1"))) {
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
        }
        return plan.toString();
    }

    @Test
    void fullCollectionPass_groupsKeysInPrimaryKeyOrder_withoutTempBTree() throws Exception {
        String keys = plan(PartitionGarbage.KEYS_WITH_GARBAGE);
        assertThat(keys).contains("SCAN snapshots").doesNotContain("TEMP B-TREE");
    }

    @Test
    void aNewStore_hasNoIndexBesideThePrimaryKey_soAWriteUpdatesOneBTree() throws Exception {
        Recovery.init(dir, 1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("part-0000.sqlite3"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                     + " AND tbl_name = 'snapshots' AND sql IS NOT NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aStoreMadeWithTheOldEpochIndex_losesItOnAWritableOpen_notOnAReadOnlyOne() throws Exception {
        Recovery.init(dir, 1);
        Path part = dir.resolve("part-0000.sqlite3");
        StoreFixtures.sql(part, "CREATE INDEX snapshots_by_epoch ON snapshots (epoch)");
        new SqliteBackendProvider().open(StoreLocation.of(dir), true).close();
        assertThat(indexCount(part)).isEqualTo(1);
        new SqliteBackendProvider().open(StoreLocation.of(dir), false).close();
        assertThat(indexCount(part)).isZero();
    }

    private static long indexCount(Path part) throws Exception {
        return StoreFixtures.queryLong(part, "SELECT count(*) FROM sqlite_master WHERE name = 'snapshots_by_epoch'");
    }

    @Test
    void garbageCollection_deletesOneKeysRange_throughPrimaryKey() throws Exception {
        String garbage = plan(PartitionGarbage.DELETE_KEY_GARBAGE.replace("?1", "'count'").replace("?2", "x'01'")
                .replace("?3", "5"));
        assertThat(garbage).contains("PRIMARY KEY (step_id=? AND key=? AND epoch<?)")
                .doesNotContainPattern("SCAN snapshots\\b").doesNotContain("snapshots_by_epoch");
    }

    @Test
    void loadKeyedStates_scansPrimaryKeyInOrder_withoutTempBTree() throws Exception {
        Recovery.init(dir, 1);
        String sql = PartitionReads.LOAD_KEYED_SQL.replaceFirst("\\?", "'count'").replaceFirst("\\?", "5")
                .replaceFirst("\\?", "3").replaceFirst("\\?", "1");
        StringBuilder plan = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("part-0000.sqlite3"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString("detail")).append('\n');
            }
        }
        assertThat(plan.toString()).contains("PRIMARY KEY (step_id=?)").doesNotContain("TEMP B-TREE")
                .doesNotContain("GROUP BY")
                .doesNotContain("snapshots_by_epoch");
    }
}
