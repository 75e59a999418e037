package dev.flowstate.recovery.kafka;

import dev.flowstate.recovery.remote.Records;
import dev.flowstate.recovery.spi.LockHolder;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The run lock of a Kafka store: the holder's transactional producer (transactional id {@code PREFIX.run}) plus a
 * {@code lock} record in the meta topic naming the holder and renewed every lease/5 in a transaction. Taking the
 * lock initializes a producer with that transactional id, which fences the previous holder at the broker: its
 * next transaction fails ({@code LOCK_LOST}) and any transaction it left open is aborted at once. A lock record
 * not renewed for the lease duration (judged on this host's clock against the holder's, which must agree within a
 * few seconds) is free. A taker that finds it held watches it: renewed within about a heartbeat means the holder is
 * alive (refused); not renewed means it was killed, and the taker waits for the expiry and takes it.
 * The holder's store writes go through the same producer, so after a takeover none of them can commit.
 */
final class KafkaLease implements AutoCloseable {
    static final String KEY = "lock";

    private final KafkaTopics topics;
    private final KafkaSettings settings;
    private final Supplier<Map<String, byte[]>> meta;
    private final Duration heartbeat;
    private KafkaProducer<byte[], byte[]> producer;
    private ScheduledExecutorService renewer;
    private volatile long renewedAtNanos;
    private volatile boolean lost;
    private LockHolder me;

    KafkaLease(KafkaTopics topics, KafkaSettings settings, Supplier<Map<String, byte[]>> meta) {
        this.topics = topics;
        this.settings = settings;
        this.meta = meta;
        this.heartbeat = settings.lease().dividedBy(5);
    }

    synchronized LockHolder tryAcquire(LockHolder holder) {
        if (producer != null && !lost) {
            return null;
        }
        long deadline = System.nanoTime() + settings.lease().plus(heartbeat.multipliedBy(2)).toNanos();
        Properties seen;
        Properties watched = null;
        while (true) {
            seen = current();
            LockHolder other = freshHolder(seen);
            if (other == null) {
                break;
            }
            // Held and not expired: an alive holder renews it every heartbeat, so refuse once we see a renewal; a
            // killed holder never renews, so wait for the expiry instead.
            if ((watched != null && !watched.equals(seen)) || System.nanoTime() > deadline) {
                return other;
            }
            watched = watched == null ? seen : watched;
            sleep(heartbeat.toMillis() / 4);
        }
        KafkaProducer<byte[], byte[]> p = topics.producer(settings.prefix() + ".run"); // fences the old holder
        Properties now = current();
        if (!now.equals(seen) && freshHolder(now) != null) { // someone took it between our check and our fencing
            p.close(Duration.ZERO);
            return freshHolder(now);
        }
        producer = p;
        me = holder;
        lost = false;
        try {
            renew();
        } catch (RecoveryBackendException e) {
            release();
            LockHolder winner = freshHolder(current());
            if (winner != null) {
                return winner;
            }
            throw e;
        }
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flowstate-kafka-lease");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renewQuietly, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        return null;
    }

    boolean acquired() {
        return producer != null;
    }

    /** The holder's producer; callers synchronize on it for a whole transaction. */
    KafkaProducer<byte[], byte[]> producer() {
        return producer;
    }

    void ensureHeld() {
        if (producer == null) {
            return;
        }
        if (lost || System.nanoTime() - renewedAtNanos > settings.lease().minus(heartbeat).toNanos()) {
            lost = true;
            throw new RecoveryBackendException(Kind.LOCK_LOST, settings.metaTopic() + " at " + settings.bootstrap(),
                    "the run lock was taken over or not renewed in time; this run must stop");
        }
    }

    /** Marks the lease lost (a write was fenced). */
    void markLost() {
        lost = true;
    }

    synchronized void release() {
        if (renewer != null) {
            // Not shutdownNow: interrupting a renewal in flight can leave the producer's transaction unfinished, and
            // then the "released" record below fails and the next run waits out the whole lease.
            renewer.shutdown();
            try {
                if (!renewer.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    renewer.shutdownNow();
                }
            } catch (InterruptedException e) {
                renewer.shutdownNow();
                Thread.currentThread().interrupt();
            }
            renewer = null;
        }
        if (producer != null) {
            if (!lost) {
                try {
                    write(true);
                } catch (RuntimeException e) {
                    // the lease expires by itself; releasing only lets the next run start sooner
                }
            }
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    @Override
    public void close() {
        release();
    }

    private void renewQuietly() {
        try {
            if (!lost) {
                renew();
            }
        } catch (RuntimeException e) {
            // retried at the next heartbeat; ensureHeld fails once too many are missed
        }
    }

    private void renew() {
        long started = System.nanoTime();
        write(false);
        renewedAtNanos = started;
    }

    private void write(boolean released) {
        Properties p = new Properties();
        p.setProperty("holder", me.encode());
        p.setProperty("released", Boolean.toString(released));
        p.setProperty("renewedAt", Long.toString(System.currentTimeMillis()));
        KafkaProducer<byte[], byte[]> prod = producer;
        synchronized (prod) {
            try {
                prod.beginTransaction();
                prod.send(new ProducerRecord<>(settings.metaTopic(), 0, KEY.getBytes(StandardCharsets.UTF_8), Records.bytes(p)));
                prod.commitTransaction();
            } catch (KafkaException e) {
                RecoveryBackendException r = topics.classify(e, settings.metaTopic(), "renewing the run lock");
                if (r.kind() == Kind.LOCK_LOST) {
                    lost = true;
                } else {
                    abortQuietly(prod);
                }
                throw r;
            }
        }
    }

    static void abortQuietly(KafkaProducer<byte[], byte[]> p) {
        try {
            p.abortTransaction();
        } catch (RuntimeException ignored) {
            // the broker aborts it after the transaction timeout
        }
    }

    private Properties current() {
        byte[] bytes = meta.get().get(KEY);
        return bytes == null ? new Properties() : Records.properties(bytes);
    }

    private LockHolder freshHolder(Properties p) {
        if (p.isEmpty() || Boolean.parseBoolean(p.getProperty("released", "true"))) {
            return null;
        }
        if (age(p).compareTo(settings.lease()) >= 0) {
            return null;
        }
        LockHolder h = LockHolder.parse(p.getProperty("holder"));
        return h != null ? h : new LockHolder("unknown", -1, Instant.EPOCH);
    }

    private static Duration age(Properties p) {
        long at = Long.parseLong(p.getProperty("renewedAt", "0"));
        return Duration.ofMillis(Math.max(0, System.currentTimeMillis() - at));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(50, millis)); // a poll interval while a dead holder's lease runs out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryBackendException(Kind.IO, "run lock", "interrupted while waiting for a lease to expire", e);
        }
    }
}
