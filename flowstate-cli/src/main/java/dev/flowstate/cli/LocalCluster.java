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
 * process that failed first, in the order the processes actually exited. Children get this JVM's options
 * (JAVA_OPTS, {@code -D} system properties, heap size), and process K serves metrics on PORT+K.
 */
final class LocalCluster {
    private static final long GRACE_MILLIS = 10_000;

    private LocalCluster() {
    }

    static int spawn(int processes, List<String> originalArgs, Integer metricsPort) {
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
                cmd.addAll(jvmOptions());
                cmd.add("-cp");
                cmd.add(System.getProperty("java.class.path"));
                cmd.add(Main.class.getName());
                List<String> args = new ArrayList<>(originalArgs);
                args.addAll(runAt + 1, List.of("-a", String.join(";", addresses), "-i", Integer.toString(k),
                        "--no-status-line"));
                if (metricsPort != null && metricsPort != 0) {
                    withoutOption(args, "--metrics-port");
                    args.addAll(runAt + 1, List.of("--metrics-port", Integer.toString(metricsPort + k)));
                }
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

    /**
     * This JVM's options, for the children: JAVA_OPTS as bin/flowstate passed them, -D properties, -Xmx. A debugger
     * agent is left out (its port is taken by this process).
     */
    static List<String> jvmOptions() {
        List<String> out = new ArrayList<>();
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp")) {
                out.add(a);
            }
        }
        return out;
    }

    /** Removes {@code option VALUE} and {@code option=VALUE} from {@code args} (before a "--"). */
    static void withoutOption(List<String> args, String option) {
        for (int i = 0; i < args.size() && !args.get(i).equals("--"); ) {
            if (args.get(i).equals(option)) {
                args.subList(i, Math.min(i + 2, args.size())).clear();
            } else if (args.get(i).startsWith(option + "=")) {
                args.remove(i);
            } else {
                i++;
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
