package dev.flowstate.recovery.s3;

import dev.flowstate.recovery.remote.Records;
import dev.flowstate.recovery.remote.RowView;
import dev.flowstate.recovery.spi.LockHolder;
import dev.flowstate.recovery.spi.RecoveryBackendException;
import dev.flowstate.recovery.spi.RecoveryBackendException.Kind;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The run lock of an object store: a lease with a generation. Generation {@code g} is the object
 * {@code lock/<g>}, created only if absent ({@code If-None-Match: *}), so exactly one taker wins each generation.
 * The holder rewrites its object every heartbeat; a lease whose object the server has not seen rewritten for the
 * lease duration (measured on the server's clock: its {@code Date} against the object's {@code Last-Modified}, so
 * host clocks do not matter) is expired and the next taker creates generation {@code g + 1}.
 *
 * <p>Fencing: the holder stops counting itself as holder (writes then fail with {@code LOCK_LOST}) as soon as it
 * sees generation {@code g + 1}, or when its last successful renewal is older than the lease minus one heartbeat —
 * before any other process can consider the lease expired, so a paused holder never writes once another could own
 * the store. A taker that finds a lease not renewed for two heartbeats (its holder was probably killed) waits for
 * it to expire instead of refusing, so a killed run delays the next one by at most one lease, never blocks it.
 */
final class S3Lease implements AutoCloseable {
    private static final String DIR = "lock/";

    private final S3Objects objects;
    private final Duration lease;
    private final Duration heartbeat;
    private ScheduledExecutorService renewer;
    private volatile long generation = -1;
    private volatile long renewedAtNanos;
    private volatile boolean lost;
    private byte[] content;

    S3Lease(S3Objects objects, Duration lease) {
        this.objects = objects;
        this.lease = lease;
        this.heartbeat = lease.dividedBy(5);
    }

    /** Null if this instance now holds the lease, else the holder. */
    synchronized LockHolder tryAcquire(LockHolder me) {
        if (generation >= 0 && !lost) {
            return null;
        }
        long deadline = System.nanoTime() + lease.toNanos() + heartbeat.toNanos() * 2;
        byte[] watched = null;
        while (true) {
            List<String> gens = objects.list(DIR);
            long latest = gens.isEmpty() ? 0 : Long.parseLong(gens.get(gens.size() - 1).substring(DIR.length()));
            if (latest > 0) {
                S3Objects.Read r = objects.read(name(latest));
                if (r != null) {
                    Properties p = Records.properties(r.bytes());
                    boolean released = Boolean.parseBoolean(p.getProperty("released", "false"));
                    Duration age = Duration.between(r.lastModified(), r.serverNow());
                    if (!released && age.compareTo(lease) < 0) {
                        // Held and not expired. Alive holders rewrite it every heartbeat (with a new renewal
                        // count): refuse once we see that; a killed holder never does, so wait for the expiry.
                        if ((watched != null && !java.util.Arrays.equals(watched, r.bytes()))
                                || System.nanoTime() > deadline) {
                            return holder(p);
                        }
                        watched = watched == null ? r.bytes() : watched;
                        sleepQuietly(heartbeat.toMillis() / 4);
                        continue;
                    }
                }
            }
            Properties p = new Properties();
            p.setProperty("holder", me.encode());
            p.setProperty("released", "false");
            byte[] bytes = Records.bytes(p);
            long next = latest + 1;
            if (objects.claim(name(next), bytes)) {
                generation = next;
                content = bytes;
                lost = false;
                renewedAtNanos = System.nanoTime();
                startRenewing();
                return null;
            }
            byte[] winner = objects.get(name(next));
            return winner == null ? new LockHolder("unknown", -1, java.time.Instant.EPOCH)
                    : holder(Records.properties(winner));
        }
    }

    /** Whether this instance ever acquired the lease (only then do its writes need it). */
    boolean acquired() {
        return generation >= 0;
    }

    /** Throws LOCK_LOST if this instance acquired the lease and can no longer be sure it holds it. */
    void ensureHeld() {
        if (generation < 0) {
            return;
        }
        long age = System.nanoTime() - renewedAtNanos;
        if (lost || age > lease.minus(heartbeat).toNanos()) {
            lost = true;
            throw new RecoveryBackendException(Kind.LOCK_LOST, objects.where(name(generation)),
                    "the run lock was taken over or not renewed in time; this run must stop");
        }
    }

    synchronized void release() {
        stopRenewing();
        if (generation >= 0 && !lost) {
            Properties p = Records.properties(content);
            p.setProperty("released", "true");
            try {
                objects.put(name(generation), Records.bytes(p));
            } catch (RecoveryBackendException e) {
                // the lease expires by itself; releasing only lets the next run start sooner
            }
        }
        generation = -1;
    }

    @Override
    public void close() {
        release();
    }

    private void startRenewing() {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flowstate-s3-lease");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renew, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stopRenewing() {
        if (renewer != null) {
            renewer.shutdownNow();
            renewer = null;
        }
    }

    private void renew() {
        long gen = generation;
        if (gen < 0 || lost) {
            return;
        }
        try {
            long started = System.nanoTime();
            if (objects.get(name(gen + 1)) != null) {
                lost = true;
                return;
            }
            Properties p = Records.properties(content);
            p.setProperty("renewal", Long.toString(Long.parseLong(p.getProperty("renewal", "0")) + 1));
            byte[] next = Records.bytes(p);
            objects.put(name(gen), next);
            content = next;
            renewedAtNanos = started;
        } catch (RuntimeException e) {
            // a missed renewal is retried at the next heartbeat; ensureHeld fails once too many are missed
        }
    }

    private static LockHolder holder(Properties p) {
        LockHolder h = LockHolder.parse(p.getProperty("holder"));
        return h != null ? h : new LockHolder("unknown", -1, java.time.Instant.EPOCH);
    }

    private static String name(long generation) {
        return DIR + String.format("%019d", generation);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(Math.max(50, millis)); // a poll interval while a dead holder's lease runs out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecoveryBackendException(Kind.IO, "run lock", "interrupted while waiting for a lease to expire", e);
        }
    }
}
