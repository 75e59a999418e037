package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.RecoveryBackendProvider;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;
import java.util.List;

/** The SQLite backend ({@link SqliteBackend}) for plain paths and {@code file://} names. Takes no options. */
public final class SqliteBackendProvider implements RecoveryBackendProvider {
    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public String description() {
        return "SQLite files";
    }

    @Override
    public void init(StoreLocation location, int partitions, StoreIdentity identity) {
        checkOptions(location);
        StoreLayout.init(location.directory(), partitions, identity.storeId(), identity.createdAt());
    }

    @Override
    public RecoveryBackend open(StoreLocation location, boolean readOnly) {
        checkOptions(location);
        StoreLayout.Opened opened = StoreLayout.openValidated(location.directory(), readOnly);
        SqliteBackend backend = new SqliteBackend(location, opened);
        if (!readOnly) {
            try {
                List<PartitionDb> parts = opened.partitions();
                for (PartitionDb db : parts) {
                    db.enableDurableWrites();
                    db.dropObsoleteIndexes();
                }
                if (!Schema.readable(opened.meta().formatVersion())) {
                    return backend; // refused by the protocol layer, with advice; never upgraded
                }
                // Partition 0 last: it holds the identity, which says the new version only once all files have it.
                for (int p = parts.size() - 1; p >= 0; p--) {
                    parts.get(p).upgrade();
                }
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
        }
        return backend;
    }

    private static void checkOptions(StoreLocation location) {
        if (!location.options().isEmpty()) {
            throw new RecoveryBackendException(Kind.INVALID, location.text(), "an SQLite store takes no options, got "
                    + location.options().keySet());
        }
    }
}
