package dev.flowstate.internal.recovery;

import java.util.List;

/**
 * The tables of a recovery partition file, format version {@value #FORMAT_VERSION}. Every partition file has the
 * same tables; {@code executions} and {@code steps} are only used in partition 0 (see {@link SqliteBackend}).
 * Version 2 added the {@code checksum} columns and the {@code dataflow} metadata; version 3 the {@code epoch_log}
 * table ({@link PartitionLog}).
 */
final class Schema {
    /**
     * The file format. Bump on any change an older release would misread; a file of an unknown version is refused,
     * never guessed at. A release that reads the log must refuse to be read by one that does not, hence 3.
     */
    static final int FORMAT_VERSION = 3;

    /** The oldest file format this release opens; a writable open upgrades it ({@link PartitionDb#upgrade}). */
    static final int OLDEST_READABLE_VERSION = 2;

    /** Written in the SQLite header too ('FlSt'), so that tools like {@code file} can tell what the file is. */
    static final int APPLICATION_ID = 0x466c5374;

    static final String META_TABLE = "flowstate_meta";
    static final String META_FORMAT_VERSION = "format_version";
    static final String META_STORE_ID = "store_id";
    static final String META_PARTITION_INDEX = "partition_index";
    static final String META_PARTITION_COUNT = "partition_count";
    static final String META_CREATED_AT = "created_at";
    /** The dataflow owning the store (partition 0 only, from its first execution on). */
    static final String META_DATAFLOW = "dataflow";

    static final List<String> DDL = List.of(
            // Key-value so that any future version can still read format_version from it.
            "CREATE TABLE flowstate_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
            // Clustered on (step_id, key, epoch): "newest row per key before an epoch" is one ordered scan.
            // state is last so reading the other columns of a row never walks a large state's overflow pages.
            "CREATE TABLE snapshots (step_id TEXT NOT NULL, key BLOB NOT NULL, epoch INTEGER NOT NULL,"
                    + " route_hash INTEGER NOT NULL, checksum INTEGER NOT NULL, state BLOB, PRIMARY KEY (step_id, key, epoch)) WITHOUT ROWID",
            // No index on epoch: maintaining one doubled the cost of a write and of its collection. Discarding rows
            // at/after a resume epoch scans the table once per execution; garbage collection knows its keys
            // (PartitionGarbage). A writable open drops the index of a store made before.
            "CREATE TABLE executions (execution INTEGER PRIMARY KEY, worker_count INTEGER NOT NULL,"
                    + " resume_epoch INTEGER NOT NULL, started_at TEXT NOT NULL, final_frontier INTEGER)",
            // finished: the worker reached the end of all its input and will commit nothing more, so it no longer
            // holds back the resume epoch (see StoreQueries.minFrontier).
            "CREATE TABLE progress (execution INTEGER NOT NULL, worker_index INTEGER NOT NULL,"
                    + " frontier INTEGER NOT NULL, finished INTEGER NOT NULL DEFAULT 0, checksum INTEGER NOT NULL,"
                    + " PRIMARY KEY (execution, worker_index)) WITHOUT ROWID",
            "CREATE TABLE steps (step_id TEXT PRIMARY KEY, kind TEXT NOT NULL, last_execution INTEGER NOT NULL)"
                    + " WITHOUT ROWID",
            PartitionLog.DDL);

    private Schema() {
    }

    /** Whether this release opens files of format {@code version}. */
    static boolean readable(int version) {
        return version >= OLDEST_READABLE_VERSION && version <= FORMAT_VERSION;
    }

    /**
     * The protocol's format version of a store whose files have format {@code fileVersion}: the file format is the
     * backend's own business, so every file format this release opens is the protocol's current version; any other
     * is passed on as it is, for the protocol to refuse with its usual advice.
     */
    static int protocolVersion(int fileVersion) {
        return readable(fileVersion) ? ProtocolStore.FORMAT_VERSION : fileVersion;
    }
}
