package dev.flowstate.recovery.spi;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * Who holds a store's run lock: enough for a refused user to find the other run.
 *
 * @param host      host name of the holding process
 * @param pid       its process id
 * @param startedAt when it took the lock
 */
public record LockHolder(String host, long pid, Instant startedAt) {
    public LockHolder {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** This process, now. */
    public static LockHolder current() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        long pid;
        try {
            pid = ProcessHandle.current().pid();
        } catch (UnsupportedOperationException e) {
            pid = Long.parseLong(ManagementFactory.getRuntimeMXBean().getName().split("@")[0]);
        }
        return new LockHolder(host, pid, Instant.now());
    }

    /** A one-line text form a backend may store and {@link #parse} reads back: {@code host pid instant}. */
    public String encode() {
        return host.replace(' ', '_') + " " + pid + " " + startedAt;
    }

    /** Reads {@link #encode()}'s form; null if the text is not in that form. */
    public static LockHolder parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.strip().split(" ");
        if (parts.length != 3) {
            return null;
        }
        try {
            return new LockHolder(parts[0], Long.parseLong(parts[1]), Instant.parse(parts[2]));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** For messages: {@code pid 1234 on host-a since 2026-01-01T10:00:00Z}. */
    @Override
    public String toString() {
        return "pid " + pid + " on " + host + " since " + startedAt;
    }
}
