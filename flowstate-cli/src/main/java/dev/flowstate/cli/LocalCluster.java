package dev.flowstate.cli;

import dev.flowstate.ClusterConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code flowstate run ... -p P} without addresses: starts P child JVMs on this machine, each running the same
 * command as one member of a cluster on free loopback ports ({@code -a 127.0.0.1:PORT;... -i K}), and waits for
 * them. The children authenticate each other with a random secret made here and handed to them in their
 * environment (never on a command line, where other users could read it). If one fails, the others stop by
 * themselves (they lose their peer); any still running after a grace period are killed. Exits non-zero naming the
 * process that failed first, in the order the processes actually exited.
 */
final class LocalCluster {
    private static final long GRACE_MILLIS = 10_000;

    private LocalCluster() {
    }

    static int spawn(int processes, List<String> originalArgs) {
        List<String> addresses = freeLoopbackAddresses(processes);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        int runAt = originalArgs.indexOf("run");
        List<Process> children = new ArrayList<>();
        Thread killer = new Thread(() -> children.forEach(Process::destroyForcibly), "flowstate-local-cluster-kill");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            for (int k = 0; k < processes; k++) {
                List<String> cmd = new ArrayList<>();
                cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add(Main.class.getName());
                List<String> args = new ArrayList<>(originalArgs);
                args.addAll(runAt + 1, List.of("-a", String.join(";", addresses), "-i", Integer.toString(k)));
                cmd.addAll(args);
                ProcessBuilder child = new ProcessBuilder(cmd).inheritIO();
                child.environment().put(ClusterConfig.SECRET_ENV, secret);
                children.add(child.start());
            }
            System.err.println("flowstate: started " + processes + " processes on " + String.join(";", addresses));
            return await(children);
        } catch (IOException e) {
            children.forEach(Process::destroyForcibly);
            throw CliException.failure("cannot start the local processes: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            children.forEach(Process::destroyForcibly);
            throw CliException.failure("interrupted while waiting for the local processes", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
        }
    }

    /** Waits for every child; the first failure is the first non-zero exit as the processes exited, not as polled. */
    private static int await(List<Process> children) throws InterruptedException {
        BlockingQueue<Integer> exits = new LinkedBlockingQueue<>();
        for (int k = 0; k < children.size(); k++) {
            int id = k;
            children.get(k).onExit().thenRun(() -> exits.add(id));
        }
        String firstFailure = null;
        long deadline = Long.MAX_VALUE;
        for (int remaining = children.size(); remaining > 0; ) {
            long waitNanos = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            Integer k = waitNanos == Long.MAX_VALUE ? exits.take() : exits.poll(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
            if (k == null) { // the grace period is over
                children.forEach(Process::destroyForcibly);
                for (Process p : children) {
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                break;
            }
            remaining--;
            int status = children.get(k).exitValue();
            if (status != 0 && firstFailure == null) {
                firstFailure = "process " + k + " exited with status " + status + describe(status);
                deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
            }
        }
        if (firstFailure != null) {
            throw CliException.failure("the local cluster failed: " + firstFailure, null);
        }
        return 0;
    }

    private static String describe(int status) {
        return status > 128 && status < 160 ? " (killed by signal " + (status - 128) + ")" : "";
    }

    private static List<String> freeLoopbackAddresses(int n) {
        List<String> out = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                out.add("127.0.0.1:" + s.getLocalPort());
            }
        } catch (IOException e) {
            throw CliException.failure("cannot find free loopback ports: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
        return out;
    }
}
