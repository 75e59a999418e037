package dev.flowstate.recovery.remote;

import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RecoveryBackendProvider;
import dev.flowstate.recovery.spi.StoreIdentity;

import java.util.function.Consumer;

/** What the remote providers share: their scheme and description, and opening a backend that is closed if a check fails. */
public abstract class RemoteBackendProvider implements RecoveryBackendProvider {
    private final String scheme;
    private final String description;

    protected RemoteBackendProvider(String scheme, String description) {
        this.scheme = scheme;
        this.description = description;
    }

    @Override
    public final String scheme() {
        return scheme;
    }

    @Override
    public final String description() {
        return description;
    }

    /** Returns {@code backend} once {@code check} passed; closes it (nothing leaks) when the check throws. */
    protected static <B extends RecoveryBackend> B checked(B backend, Consumer<B> check) {
        try {
            check.accept(backend);
            return backend;
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** {@code identity} as stored: the same but with the partition count the store actually has. */
    protected static StoreIdentity withPartitions(StoreIdentity identity, int partitions) {
        return new StoreIdentity(identity.formatVersion(), identity.storeId(), identity.createdAt(),
                partitions, identity.dataflow(), identity.steps());
    }
}
