package dev.flowstate.cli;

import dev.flowstate.RunObserver;
import dev.flowstate.RunView;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What {@code flowstate run} tells a person watching: while the run goes on, one status line on a terminal
 * (items/s read, epoch, last commit) redrawn in place every half second; at the end one summary line (items in and
 * out, epochs, time). The live line is drawn only when stderr is a terminal, so logs and pipes get only the summary.
 */
final class StatusLine implements RunObserver {
    private static final long REFRESH_MILLIS = 500;
    private static final String CLEAR = "\r\033[K";

    private final PrintWriter err;
    private final boolean live;
    private final String prefix;
    private volatile boolean running;
    private Thread drawer;

    /**
     * @param live   draw the refreshing line (stderr is a terminal)
     * @param prefix put before every line, e.g. "process 1: " in a local cluster; may be empty
     */
    StatusLine(PrintWriter err, boolean live, String prefix) {
        this.err = err;
        this.live = live;
        this.prefix = prefix;
    }

    /**
     * True when this process's stderr is a terminal: there is a console, and on Linux file descriptor 2 is a tty
     * device (the JDK has no isatty for stderr; System.console() alone looks at stdin and stdout).
     */
    static boolean stderrIsTerminal() {
        if (System.console() == null) {
            return false;
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        if (!Files.exists(Path.of("/proc/self/fd"))) {
            return true;
        }
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void started(RunView run) {
        if (!live) {
            return;
        }
        running = true;
        drawer = new Thread(() -> draw(run), "flowstate-status-line");
        drawer.setDaemon(true);
        drawer.start();
    }

    @Override
    public void finished(RunView run, Throwable failure) {
        running = false;
        if (drawer != null) {
            drawer.interrupt();
            try {
                drawer.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            err.print(CLEAR);
        }
        if (failure == null) {
            err.println(prefix + summary(run));
        }
        err.flush();
    }

    private void draw(RunView run) {
        long lastItems = itemsIn(run);
        long lastNanos = System.nanoTime();
        long committed = run.committedEpoch();
        long committedAt = System.nanoTime();
        while (running) {
            try {
                Thread.sleep(REFRESH_MILLIS); // the refresh period of a display, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long items = itemsIn(run);
            double rate = (items - lastItems) / ((now - lastNanos) / 1e9);
            lastItems = items;
            lastNanos = now;
            long c = run.committedEpoch();
            if (c != committed) {
                committed = c;
                committedAt = now;
            }
            String line = String.format(Locale.ROOT, "%s%s: %s items/s, %s read, epoch %d, last commit %s",
                    prefix, run.dataflowName(), count(rate), count(items), currentEpoch(run),
                    committed < 1 ? "none yet" : "epoch " + committed + " (" + seconds(now - committedAt) + " ago)");
            synchronized (err) {
                err.print(CLEAR + line);
                err.flush();
            }
        }
    }

    /** "dataflow 'x' done in 3.2 s: 1.2M items in, 7 out, 4 epochs". */
    static String summary(RunView run) {
        long in = 0;
        long out = 0;
        for (RunView.Step s : run.steps()) {
            if (s.kind().equals("input")) {
                in += s.itemsOut();
            } else if (s.kind().equals("output")) {
                out += s.itemsIn();
            }
        }
        long firstEpoch = run.recovery().resumeEpoch();
        long epochs = Math.max(0, currentEpoch(run) - firstEpoch + 1);
        long nanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - run.startedAtMillis());
        return String.format(Locale.ROOT, "dataflow '%s' done in %s: %s items in, %s out, %d epoch%s",
                run.dataflowName(), seconds(nanos), count(in), count(out), epochs, epochs == 1 ? "" : "s");
    }

    private static long itemsIn(RunView run) {
        long in = 0;
        for (RunView.Step s : run.steps()) {
            if (s.kind().equals("input")) {
                in += s.itemsOut();
            }
        }
        return in;
    }

    private static long currentEpoch(RunView run) {
        long max = 0;
        for (RunView.Worker w : run.workers()) {
            max = Math.max(max, w.epoch());
        }
        return max;
    }

    static String count(double n) {
        if (n >= 1e9) {
            return String.format(Locale.ROOT, "%.1fG", n / 1e9);
        } else if (n >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        } else if (n >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return Long.toString(Math.round(n));
    }

    private static String seconds(long nanos) {
        double s = nanos / 1e9;
        return s >= 100 ? String.format(Locale.ROOT, "%.0f s", s) : String.format(Locale.ROOT, "%.1f s", s);
    }
}
