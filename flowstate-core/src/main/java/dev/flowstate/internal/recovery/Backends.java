package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.RecoveryBackendProvider;
import dev.flowstate.recovery.spi.StoreLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds the backend of a store name's scheme with {@link ServiceLoader}. */
final class Backends {
    /** Where the backends that do not ship in flowstate-core live, for the "not on the classpath" message. */
    private static final Map<String, String> KNOWN_MODULES = Map.of(
            "kafka", "dev.flowstate:flowstate-kafka",
            "s3", "dev.flowstate:flowstate-s3");

    private Backends() {
    }

    /**
     * The provider for {@code location}'s scheme.
     *
     * @throws RecoveryStoreException naming the scheme, the schemes available and, for a known backend, the
     *                                module to add
     */
    static RecoveryBackendProvider provider(StoreLocation location) {
        Map<String, RecoveryBackendProvider> found = new TreeMap<>();
        for (ClassLoader loader : loaders()) {
            for (RecoveryBackendProvider p : ServiceLoader.load(RecoveryBackendProvider.class, loader)) {
                found.putIfAbsent(p.scheme(), p);
            }
        }
        RecoveryBackendProvider p = found.get(location.scheme());
        if (p != null) {
            return p;
        }
        String module = KNOWN_MODULES.get(location.scheme());
        throw new RecoveryStoreException("recovery store " + location + ": " + (module != null
                ? "the " + location.scheme() + ":// backend is not on the classpath; add " + module + " to it."
                : "unknown scheme '" + location.scheme() + "://'; use a directory (SQLite), kafka://HOST:PORT/PREFIX"
                        + " or s3://BUCKET/PREFIX.") + " Schemes available: " + String.join(", ", found.keySet())
                + ".");
    }

    private static List<ClassLoader> loaders() {
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(Backends.class.getClassLoader());
        return loaders;
    }
}
