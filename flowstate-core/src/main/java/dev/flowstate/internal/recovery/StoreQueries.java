package dev.flowstate.internal.recovery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads shared by the store and {@link SqliteRecoveryStore#inspect}: executions, progress, live key counts. */
final class StoreQueries {
    private StoreQueries() {
    }

    /** One row of the executions table. {@code finalFrontier} is null for the latest execution. */
    record ExecutionRow(long execution, int workerCount, long resumeEpoch, String startedAt, Long finalFrontier) {
    }

    /** Every execution, oldest first (from partition 0). */
    static List<ExecutionRow> executions(List<PartitionDb> parts) {
        return parts.get(0).read(c -> {
            List<ExecutionRow> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT execution, worker_count, resume_epoch, started_at,"
                    + " final_frontier FROM executions ORDER BY execution");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long ff = rs.getLong(5);
                    out.add(new ExecutionRow(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                            rs.wasNull() ? null : ff));
                }
            }
            return out;
        });
    }

    /** The latest execution, or null for a fresh store. */
    static ExecutionRow latestExecution(List<PartitionDb> parts) {
        return parts.get(0).read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT execution, worker_count, resume_epoch, started_at,"
                    + " final_frontier FROM executions ORDER BY execution DESC LIMIT 1");
                 ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long ff = rs.getLong(5);
                return new ExecutionRow(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
                        rs.wasNull() ? null : ff);
            }
        });
    }

    /**
     * The effective frontier of an execution: the minimum frontier over its workers that have not finished (a
     * finished worker has completed every later epoch too), or the maximum frontier once every worker finished.
     */
    static long minFrontier(List<PartitionDb> parts, long execution, int workerCount) {
        int n = parts.size();
        long minLive = Long.MAX_VALUE;
        long maxAll = Long.MIN_VALUE;
        for (int p = 0; p < Math.min(n, workerCount); p++) {
            PartitionDb db = parts.get(p);
            long[][] rows = db.read(c -> {
                long[][] f = new long[workerCount][];
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT worker_index, frontier, finished FROM progress WHERE execution = ?")) {
                    ps.setLong(1, execution);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int w = rs.getInt(1);
                            if (w >= 0 && w < workerCount) {
                                f[w] = new long[]{rs.getLong(2), rs.getLong(3)};
                            }
                        }
                    }
                }
                return f;
            });
            for (int w = p; w < workerCount; w += n) {
                if (rows[w] == null) {
                    throw new RecoveryStoreException("the progress of worker " + w + " of execution " + execution
                            + " is missing from " + db.file + "; the store is damaged (a partition file was replaced"
                            + " by an older copy?). Restore the directory from a backup or start with a fresh one.");
                }
                maxAll = Math.max(maxAll, rows[w][0]);
                if (rows[w][1] == 0) {
                    minLive = Math.min(minLive, rows[w][0]);
                }
            }
        }
        return minLive != Long.MAX_VALUE ? minLive : maxAll;
    }

    /** Per step id, how many keys have a newest row before {@code beforeEpoch} that is not a tombstone. */
    static Map<String, Long> liveKeyCounts(List<PartitionDb> parts, long beforeEpoch) {
        Map<String, Long> counts = new TreeMap<>();
        for (PartitionDb db : parts) {
            db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT step_id, count(*) FROM ("
                        + "SELECT step_id, state, max(epoch) FROM snapshots WHERE +epoch < ? GROUP BY step_id, key)"
                        + " WHERE state IS NOT NULL GROUP BY step_id")) {
                    ps.setLong(1, beforeEpoch);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
                        }
                    }
                }
                return null;
            });
        }
        return counts;
    }

    /** Whether some key of {@code stepId} has a newest row before {@code beforeEpoch} that is not a tombstone. */
    static boolean hasLiveState(List<PartitionDb> parts, String stepId, long beforeEpoch) {
        for (PartitionDb db : parts) {
            boolean live = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM (SELECT state, max(epoch) FROM snapshots"
                        + " WHERE step_id = ? AND +epoch < ? GROUP BY key) WHERE state IS NOT NULL LIMIT 1")) {
                    ps.setString(1, stepId);
                    ps.setLong(2, beforeEpoch);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                }
            });
            if (live) {
                return true;
            }
        }
        return false;
    }

    /** The steps table of partition 0: step id to kind. */
    static Map<String, String> storedSteps(List<PartitionDb> parts) {
        return parts.get(0).read(c -> {
            Map<String, String> steps = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT step_id, kind FROM steps");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.put(rs.getString(1), rs.getString(2));
                }
            }
            return steps;
        });
    }
}
