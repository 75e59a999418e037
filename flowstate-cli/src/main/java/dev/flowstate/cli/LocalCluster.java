package dev.flowstate.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code flowstate run ... -p P} without addresses: starts P child JVMs on this machine, each running the same
 * command as one member of a cluster on free loopback ports ({@code -a 127.0.0.1:PORT;... -i K}), and waits for
 * them. If one fails, the others stop by themselves (they lose their peer); any still running after a grace
 * period are killed. Exits non-zero naming the first process that failed. Children get this JVM's options (JAVA_OPTS,
 * {@code -D} system properties, heap size), and process K serves metrics on PORT+K.
 */
final class LocalCluster {
    private static final long GRACE_MILLIS = 10_000;

    private LocalCluster() {
    }

    static int spawn(int processes, List<String> originalArgs, Integer metricsPort) {
        List<String> addresses = freeLoopbackAddresses(processes);
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
                children.add(new ProcessBuilder(cmd).inheritIO().start());
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

    private static int await(List<Process> children) throws InterruptedException {
        String firstFailure = null;
        long deadline = Long.MAX_VALUE;
        while (true) {
            boolean running = false;
            for (int k = 0; k < children.size(); k++) {
                Process p = children.get(k);
                if (p.isAlive()) {
                    running = true;
                } else if (p.exitValue() != 0 && firstFailure == null) {
                    firstFailure = "process " + k + " exited with status " + p.exitValue();
                    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
                }
            }
            if (!running) {
                break;
            }
            if (System.nanoTime() - deadline >= 0) {
                children.forEach(Process::destroyForcibly);
                for (Process p : children) {
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                break;
            }
            Thread.sleep(100);
        }
        if (firstFailure != null) {
            throw CliException.failure("the local cluster failed: " + firstFailure, null);
        }
        return 0;
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
