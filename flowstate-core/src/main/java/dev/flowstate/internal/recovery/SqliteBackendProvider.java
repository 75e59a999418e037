package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.RecoveryBackendProvider;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;

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
                for (PartitionDb db : opened.partitions()) {
                    db.enableDurableWrites();
                    db.dropObsoleteIndexes();
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
