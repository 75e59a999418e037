package dev.flowstate.recovery.kafka;

import dev.flowstate.recovery.remote.Options;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import dev.flowstate.recovery.spi.StoreLocation;

import java.time.Duration;
import java.util.Set;

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
        Options.checkKnown(location, KNOWN, "a kafka:// store");
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
        return new KafkaSettings(bootstrap, prefix, rf == null ? null : (short) Options.positive(location, "replication-factor", 1),
                Duration.ofSeconds(Options.positive(location, "timeout-seconds", 30)),
                Duration.ofSeconds(Options.positive(location, "lease-seconds", 15)),
                Duration.ofSeconds(Options.positive(location, "gc-seconds", 60)));
    }

    String rowsTopic() {
        return prefix + ".rows";
    }

    String metaTopic() {
        return prefix + ".meta";
    }
}
