package dev.flowstate.faults;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A {@link CrashHarness} kill gate that opens while the recovery store is being written: it samples the size and
 * modification time of the SQLite write-ahead logs ({@code *-wal}) in a recovery directory, and is open when any
 * of them changed since the previous sample, taken at most 5 ms earlier (the harness polls about every 0.25 ms; an
 * older sample only starts a new baseline).
 *
 * <p>What this can and cannot tell: the store commits each epoch in WAL mode with {@code synchronous=FULL}, so a
 * commit appends frames to a {@code -wal} file and then fsyncs it. A change observed between two samples means a
 * writer touched the log within the last sample interval, so a kill right after is likely to land inside a commit
 * (between its first frame and its fsync) or just after one. It cannot prove it: file mtimes have coarse (jiffy)
 * granularity, and a small commit can start and finish between two samples. Not thread-safe.
 */
public final class WalActivity implements BooleanSupplier {
    /**
     * A change counts only if the previous sample is at most this old. 5 ms, not less: on a loaded 2-core machine
     * the polling thread often sleeps 2 ms or more, and since epochs are written as a few blobs (the SQLite epoch
     * log) a commit touches the log for about a millisecond, so a shorter bound saw no change at all in one run.
     */
    private static final long MAX_SAMPLE_GAP_NANOS = 5_000_000;
    private final Path recoveryDir;
    private final Map<Path, long[]> last = new HashMap<>();
    private long changes;
    private long samples;
    private long lastSampleNanos;

    public WalActivity(Path recoveryDir) {
        this.recoveryDir = recoveryDir;
    }

    /** Samples the logs; true if any changed (size or mtime, or appeared) since the previous sample. */
    @Override
    public boolean getAsBoolean() {
        samples++;
        long nowNanos = System.nanoTime();
        if (nowNanos - lastSampleNanos > MAX_SAMPLE_GAP_NANOS) {
            last.clear(); // the previous sample is too old to say anything about "right now": start a new baseline
        }
        lastSampleNanos = nowNanos;
        boolean changed = false;
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(recoveryDir, "*-wal")) {
            for (Path log : logs) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(log, BasicFileAttributes.class);
                } catch (IOException vanished) {
                    continue;
                }
                long[] now = {a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)};
                long[] before = last.put(log, now);
                if (before != null && (before[0] != now[0] || before[1] != now[1])) {
                    changed = true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        if (changed) {
            changes++;
        }
        return changed;
    }

    /** How many samples saw a change, and how many were taken, since creation. */
    public String stats() {
        return changes + " of " + samples + " samples saw the write-ahead log change";
    }
}
