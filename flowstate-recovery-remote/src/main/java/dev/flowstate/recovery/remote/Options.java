package dev.flowstate.recovery.remote;

import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.StoreLocation;

import java.util.Set;
import java.util.TreeSet;

/** Checks of a remote store's options (the name's query or extra options), with one-line errors naming the option. */
public final class Options {
    private Options() {
    }

    /**
     * Refuses an option not in {@code known}.
     *
     * @param store how the error names the kind of store, e.g. {@code "a kafka:// store"}
     */
    public static void checkKnown(StoreLocation location, Set<String> known, String store) {
        for (String name : location.options().keySet()) {
            if (!known.contains(name)) {
                throw new RecoveryBackendException(Kind.INVALID, location.text(), "unknown option '" + name
                        + "' for " + store + "; known options: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    /** The option as a positive whole number, {@code fallback} when absent. */
    public static long positive(StoreLocation location, String name, long fallback) {
        String v = location.option(name, null);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new RecoveryBackendException(Kind.INVALID, location.text(), "option " + name
                + " must be a positive whole number, got '" + v + "'");
    }
}
