package dev.flowstate.recovery.s3;

import dev.flowstate.recovery.remote.Records;
import dev.flowstate.recovery.remote.RemoteBackendProvider;
import dev.flowstate.recovery.spi.RecoveryBackend;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.StoreLocation;

import java.util.List;

/**
 * The {@code s3://BUCKET/PREFIX} recovery store (AWS S3 or any server of the S3 API with conditional writes:
 * MinIO, Ceph RGW, ...). The bucket must exist; the store lives under the prefix. Options: see
 * {@link S3Settings}. Registered with {@link java.util.ServiceLoader}.
 */
public final class S3BackendProvider extends RemoteBackendProvider {
    public S3BackendProvider() {
        super("s3", "object storage (S3 API)");
    }

    /**
     * Writes the identity object only if absent: that one create-if-absent is the whole of init, so it is atomic,
     * and of two racing inits one wins and the other is told the store exists.
     */
    @Override
    public void init(StoreLocation location, int partitions, StoreIdentity identity) {
        S3Settings settings = S3Settings.of(location);
        try (S3Backend backend = new S3Backend(location, settings, false)) {
            S3Objects objects = backend.objects();
            objects.checkBucket();
            if (objects.get(Layout.IDENTITY) != null) {
                throw new RecoveryBackendException(Kind.ALREADY_INITIALIZED, location.text(), "a store exists here");
            }
            List<String> present = objects.listAll("");
            if (!present.isEmpty()) {
                throw new RecoveryBackendException(Kind.NOT_EMPTY, location.text(), "the prefix holds "
                        + present.size() + " object(s) that are not a Flowstate store, e.g. " + objects.where(present.get(0)));
            }
            StoreIdentity stored = withPartitions(identity, 1);
            byte[] mine = Records.bytes(Records.identity(stored, ""));
            if (!objects.claim(Layout.IDENTITY, mine)) {
                throw new RecoveryBackendException(Kind.ALREADY_INITIALIZED, location.text(),
                        "another init created the store first");
            }
        }
    }

    @Override
    public RecoveryBackend open(StoreLocation location, boolean readOnly) {
        return checked(new S3Backend(location, S3Settings.of(location), readOnly), backend -> backend.objects().checkBucket());
    }
}
