package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.LockHolder;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.StoreLocation;
import java.util.HexFormat;

/**
 * Every refusal and failure message of the recovery store, written once for all backends: what is wrong, where,
 * and what to do. Each starts with {@code recovery store <name>} so the user sees which store it is about.
 */
final class Refusals {
    private static final int KEY_BYTES_SHOWN = 32;

    private Refusals() {
    }

    private static String initCommand(StoreLocation loc) {
        return "`flowstate recovery init " + loc + (loc.scheme().equals("file") ? " --partitions N`" : "`");
    }

    /** A backend failure, as the user reads it. */
    static RecoveryStoreException of(StoreLocation loc, RecoveryBackendException e) {
        // "<where>: <detail>", or just the detail when it is about the store as a whole
        String at = e.where().equals(loc.text()) ? e.detail() : e.where() + ": " + e.detail();
        String head = "recovery store " + loc;
        String msg = switch (e.kind()) {
            case NOT_INITIALIZED -> head + " is not initialized (" + at + "). Run " + initCommand(loc)
                    + " first (it also completes or cleans up an interrupted init).";
            case ALREADY_INITIALIZED -> head + " already holds a recovery store (" + at + "). Use it as it is, or to"
                    + " start over delete it (its saved state will be lost) or choose another location.";
            case NOT_EMPTY -> head + " cannot be created: the location is not empty (" + at + "). Choose a new or"
                    + " empty location for the recovery store.";
            case FOREIGN -> head + " is not a Flowstate recovery store of its own: " + at + ". Keep only what"
                    + " `flowstate recovery init` made there, or point -r at the right store.";
            case DAMAGED -> head + " is damaged: " + at + ". Restore it from a backup, or start over with a fresh"
                    + " store (" + initCommand(loc) + " on a new location).";
            case UNREACHABLE -> head + " is unreachable: " + at + ". Check that the storage service is up and the"
                    + " address, credentials and network are right, then rerun.";
            case DISK_FULL -> head + ": disk full: " + at + ". Free space there and rerun: the run resumes from its"
                    + " last snapshot.";
            case READ_ONLY -> head + " is read-only: " + at + ". Make it writable (remount, permissions) and rerun:"
                    + " the run resumes from its last snapshot.";
            case PERMISSION_DENIED -> head + ": permission denied: " + at + ". Give the user running Flowstate read"
                    + " and write access to it and rerun.";
            case INVALID -> head + ": " + at + ".";
            case LOCK_LOST -> head + ": this run lost the store's run lock: " + at + ". Another run took over the"
                    + " store; this one stops without writing more.";
            case IO -> head + ": I/O failure: " + at + ".";
        };
        return new RecoveryStoreException(msg, e);
    }

    static RecoveryStoreException formatVersion(StoreLocation loc, int found, int supported) {
        String advice = found < supported
                ? " It was made by an older Flowstate. Finish it with that release, or start over with a fresh store ("
                + initCommand(loc) + " on a new location); this release cannot resume from it."
                : " It was made by a newer Flowstate; run that release.";
        return new RecoveryStoreException("recovery store " + loc + " has format version " + found + ", this Flowstate"
                + " reads version " + supported + "." + advice);
    }

    static RecoveryStoreException locked(StoreLocation loc, LockHolder holder) {
        return new RecoveryStoreException("recovery store " + loc + " is in use by another run (" + holder
                + "). Only one run at a time may use a store: wait for that run to end or stop it (a killed run"
                + " releases the store by itself), or use another store.");
    }

    static RecoveryStoreException otherDataflow(StoreLocation loc, String owner, String dataflow) {
        return new RecoveryStoreException("recovery store " + loc + " belongs to dataflow '" + owner + "', not to '"
                + dataflow + "'. Give each dataflow its own store (" + initCommand(loc) + " on a new location), or"
                + " run '" + owner + "' with it. Nothing was read or written.");
    }

    static RecoveryStoreException stepsChanged(StoreLocation loc, String dataflow, String problems) {
        return new RecoveryStoreException("recovery store " + loc + ": dataflow '" + dataflow + "' does not match its"
                + " saved state: " + problems + ". Resuming would drop or misread that state. Restore the step(s) with"
                + " the same id and kind, or start over with a fresh store (" + initCommand(loc) + ").");
    }

    static RecoveryStoreException corruptRow(StoreLocation loc, String where, String stepId, byte[] key, long epoch) {
        return new RecoveryStoreException("recovery store " + loc + " is corrupt: the saved row of step '" + stepId
                + "', key " + describeKey(key) + " at epoch " + epoch + " in " + where + " fails its checksum. Restore"
                + " the store from a backup, or start over with a fresh store (" + initCommand(loc) + ").");
    }

    static RecoveryStoreException corruptFrontier(StoreLocation loc, long execution, int worker) {
        return new RecoveryStoreException("recovery store " + loc + " is corrupt: the progress record of worker "
                + worker + " of execution " + execution + " fails its checksum. Restore the store from a backup, or"
                + " start over with a fresh store (" + initCommand(loc) + ").");
    }

    static RecoveryStoreException missingFrontier(StoreLocation loc, long execution, int worker) {
        return new RecoveryStoreException("recovery store " + loc + " is damaged: the progress of worker " + worker
                + " of execution " + execution + " is missing (a part of the store replaced by an older copy?)."
                + " Restore it from a backup, or start over with a fresh store (" + initCommand(loc) + ").");
    }

    static RecoveryStoreException attachMismatch(StoreLocation loc, long execution, Long latest) {
        return new RecoveryStoreException("recovery store " + loc + ": cannot join execution " + execution + ", the"
                + " latest execution is " + (latest == null ? "none" : latest) + ". Restart all processes of the run"
                + " together.");
    }

    /** A key for messages: its bytes as text if printable, else hex (both cut to a readable length). */
    static String describeKey(byte[] key) {
        boolean printable = key.length > 0;
        for (byte b : key) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        if (printable) {
            String s = new String(key, java.nio.charset.StandardCharsets.US_ASCII);
            return "'" + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + "'";
        }
        int shown = Math.min(key.length, KEY_BYTES_SHOWN);
        return "0x" + HexFormat.of().formatHex(key, 0, shown) + (shown < key.length ? "…" : "")
                + " (" + key.length + " bytes)";
    }
}
