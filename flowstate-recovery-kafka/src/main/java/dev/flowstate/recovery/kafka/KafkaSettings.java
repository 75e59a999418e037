package dev.flowstate.recovery.kafka;

import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.StoreLocation;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parts and options of a {@code kafka://HOST:PORT[,HOST:PORT...]/PREFIX} store. The store is two topics,
 * {@code PREFIX.rows} and {@code PREFIX.meta}; use a distinct prefix per dataflow. Options:
 * {@code replication-factor} (of the topics init creates; default the broker's {@code default.replication.factor}),
 * {@code timeout-seconds} (bound on every Kafka call, default 30), {@code lease-seconds} (the run lock's lease,
 * default 15) and {@code gc-seconds} (least time between two garbage-collection scans of the rows topic, default 60).
 */
record KafkaSettings(String bootstrap, String prefix, Short replicationFactor, Duration timeout, Duration lease,
                     Duration gcInterval) {
    private static final Set<String> KNOWN = Set.of("replication-factor", "timeout-seconds", "lease-seconds", "gc-seconds");

    static KafkaSettings of(StoreLocation location) {
        String where = location.text();
        for (String name : location.options().keySet()) {
            if (!KNOWN.contains(name)) {
                throw new RecoveryBackendException(Kind.INVALID, where, "unknown option '" + name
                        + "' for a kafka:// store; known options: " + String.join(", ", new TreeSet<>(KNOWN)));
            }
        }
        String bootstrap = location.authority();
        for (String hostPort : bootstrap.split(",")) {
            if (!hostPort.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
                throw new RecoveryBackendException(Kind.INVALID, where, "'" + hostPort + "' is not HOST:PORT; write"
                        + " kafka://HOST:PORT[,HOST:PORT...]/PREFIX");
            }
        }
        String prefix = location.path();
        if (!prefix.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new RecoveryBackendException(Kind.INVALID, where, "topic prefix '" + prefix + "' must be 1-200"
                    + " letters, digits, '.', '_' or '-'; write kafka://HOST:PORT/PREFIX");
        }
        String rf = location.option("replication-factor", null);
        return new KafkaSettings(bootstrap, prefix, rf == null ? null : (short) positive(location, "replication-factor", 1),
                Duration.ofSeconds(positive(location, "timeout-seconds", 30)),
                Duration.ofSeconds(positive(location, "lease-seconds", 15)),
                Duration.ofSeconds(positive(location, "gc-seconds", 60)));
    }

    String rowsTopic() {
        return prefix + ".rows";
    }

    String metaTopic() {
        return prefix + ".meta";
    }

    private static long positive(StoreLocation location, String name, long fallback) {
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
