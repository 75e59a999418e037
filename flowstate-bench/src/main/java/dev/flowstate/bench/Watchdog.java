package dev.flowstate.bench;

import java.io.PrintStream;
import java.util.Map;

/**
 * Ends the process if one run does not return within {@link #TIMEOUT_MS}: a hung engine (e.g. workers parked
 * forever) otherwise hangs the whole benchmark. Prints an {@code ERROR ... hung} line and the stacks of the
 * flowstate threads and {@code main}, then exits with code 1.
 */
public final class Watchdog implements AutoCloseable {
    static final long TIMEOUT_MS = Long.getLong("flowstate.bench.timeoutMs", 300_000);

    private final Thread thread;

    private Watchdog(String what, PrintStream out) {
        thread = new Thread(() -> {
            try {
                Thread.sleep(TIMEOUT_MS);
            } catch (InterruptedException e) {
                return;
            }
            out.println("ERROR " + what + " hung: no return after " + TIMEOUT_MS + " ms; thread stacks follow");
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                String name = e.getKey().getName();
                if (name.startsWith("flowstate-") || name.equals("main")) {
                    out.println("# thread " + name + " " + e.getKey().getState());
                    for (StackTraceElement frame : e.getValue()) {
                        out.println("#     at " + frame);
                    }
                }
            }
            out.flush();
            Runtime.getRuntime().halt(1);
        }, "bench-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    public static Watchdog start(String what, PrintStream out) {
        return new Watchdog(what, out);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
