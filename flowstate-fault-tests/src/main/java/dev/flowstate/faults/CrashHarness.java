package dev.flowstate.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a command in child JVMs and crashes it: starts the child, lets it run for a seeded random delay, kills it
 * with SIGKILL, and repeats that {@code kills} times (optionally with another worker count each time); then runs it
 * once more to completion within a time bound. The child is expected to resume from its recovery store each time;
 * checking what it wrote is up to the caller.
 *
 * <p><b>Child JVM.</b> {@code java [jvmOptions] -cp <classpath> <command args>}, where {@code java} is this JVM's
 * executable and the class path defaults to this JVM's {@code java.class.path}. Each run's standard output and error
 * go to {@code <logDir>/run-NN-wW.out|.err}; failures quote the tail of the error file.
 *
 * <p><b>Kills.</b> {@link Process#destroyForcibly()}, which is SIGKILL on Linux; the harness checks the exit status
 * is 137 (128 + 9). A child that ends by itself before its kill is recorded as {@link Outcome#FINISHED_BEFORE_KILL}
 * (it still counts as a run) if it exited 0; any other exit is a failure ({@link ChildFailedException}). With a
 * {@link Builder#killGate kill gate}, the harness waits after the delay, up to a bound, for the gate to open (e.g.
 * "the recovery store is being written") before it kills, and records whether it did.
 *
 * <p><b>Determinism.</b> The delays come from a {@link SplittableRandom} seeded with {@code seed}, so a scenario
 * kills at the same planned delays every time; where in the child's work a kill lands still depends on the
 * machine's speed. Not thread-safe; one {@link #run} at a time.
 *
 * <pre>{@code
 * CrashHarness.Summary s = CrashHarness.builder(logDir).seed(42).kills(4).delays(300, 1500).workers(2, 3, 1)
 *         .build()
 *         .run((run, workers) -> FaultJob.command("keyed-count", in, out, rec, workers, "50ms", null));
 * }</pre>
 */
public final class CrashHarness {
    /** What one run ended with. */
    public enum Outcome {
        /** Killed with SIGKILL while running (exit status 137). */
        KILLED,
        /** Meant to be killed, but exited 0 before the kill. */
        FINISHED_BEFORE_KILL,
        /** The final run, which exited 0 within the time bound. */
        COMPLETED
    }

    /** Builds the child's arguments after {@code java -cp CP}: main class first. */
    @FunctionalInterface
    public interface ChildCommand {
        /** @param run 0-based run index; @param workers the worker count the schedule gives this run */
        List<String> args(int run, int workers);
    }

    /** One child run. {@code gateOpenAtKill} is null when no gate was configured or the run was not killed. */
    public record RunRecord(int index, int workers, long plannedDelayMillis, Outcome outcome, int exitCode,
                            long durationMillis, Boolean gateOpenAtKill, Path stdout, Path stderr) {
    }

    /** All runs of one {@link #run}, in order. */
    public record Summary(List<RunRecord> runs, long totalMillis) {
        public long kills() {
            return runs.stream().filter(r -> r.outcome() == Outcome.KILLED).count();
        }

        public long finishedBeforeKill() {
            return runs.stream().filter(r -> r.outcome() == Outcome.FINISHED_BEFORE_KILL).count();
        }

        /** Killed runs whose kill gate was open at the kill. */
        public long killsWithGateOpen() {
            return runs.stream().filter(r -> r.outcome() == Outcome.KILLED && Boolean.TRUE.equals(r.gateOpenAtKill())).count();
        }

        public RunRecord last() {
            return runs.get(runs.size() - 1);
        }

        /** One line per run, then a total line. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            for (RunRecord r : runs) {
                sb.append(String.format("run %2d: %d workers, planned delay %5d ms, %-20s exit %3d after %6d ms%s%n",
                        r.index(), r.workers(), r.plannedDelayMillis(), r.outcome(), r.exitCode(), r.durationMillis(),
                        r.gateOpenAtKill() == null ? "" : ", gate open at kill: " + r.gateOpenAtKill()));
                sb.setLength(sb.length() - System.lineSeparator().length());
                sb.append(resumeNote(r.stderr())).append(System.lineSeparator());
            }
            sb.append(String.format("%d runs, %d kills, %d finished before their kill, %d ms in total",
                    runs.size(), kills(), finishedBeforeKill(), totalMillis));
            return sb.toString();
        }
    }

    /** A child exited non-zero, did not die from SIGKILL as expected, or overran its time bound. */
    public static final class ChildFailedException extends AssertionError {
        ChildFailedException(String message) {
            super(message);
        }
    }

    private static final int SIGKILL_STATUS = 128 + 9;

    private final Path logDir;
    private final long seed;
    private final int kills;
    private final long minDelayMillis;
    private final long maxDelayMillis;
    private final int[] workerSchedule;
    private final Duration finalTimeout;
    private final BooleanSupplier killGate;
    private final long killGateMaxWaitMillis;
    private final List<String> jvmOptions;
    private final String classpath;

    private CrashHarness(Builder b) {
        this.logDir = b.logDir;
        this.seed = b.seed;
        this.kills = b.kills;
        this.minDelayMillis = b.minDelayMillis;
        this.maxDelayMillis = b.maxDelayMillis;
        this.workerSchedule = b.workerSchedule.clone();
        this.finalTimeout = b.finalTimeout;
        this.killGate = b.killGate;
        this.killGateMaxWaitMillis = b.killGateMaxWaitMillis;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.classpath = b.classpath;
    }

    /** A builder writing the children's output under {@code logDir} (created if missing). */
    public static Builder builder(Path logDir) {
        return new Builder(logDir);
    }

    /**
     * Runs {@code kills} killed runs and one final run of {@code command}.
     *
     * @throws ChildFailedException if a child exits non-zero, a kill does not end it with SIGKILL, or the final run
     *                              does not finish within the time bound; the message quotes the child's stderr
     */
    public Summary run(ChildCommand command) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        SplittableRandom random = new SplittableRandom(seed);
        List<RunRecord> runs = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i <= kills; i++) {
            int workers = workerSchedule[Math.min(i, workerSchedule.length - 1)];
            boolean last = i == kills;
            long delay = last ? -1 : minDelayMillis + random.nextLong(maxDelayMillis - minDelayMillis + 1);
            RunRecord r = last ? runToEnd(i, workers, command) : runAndKill(i, workers, delay, command);
            runs.add(r);
            System.out.printf("[crash-harness] run %d: %d workers, %s after %d ms%n", i, workers, r.outcome(), r.durationMillis());
        }
        return new Summary(List.copyOf(runs), (System.nanoTime() - start) / 1_000_000);
    }

    private RunRecord runAndKill(int index, int workers, long delay, ChildCommand command)
            throws IOException, InterruptedException {
        Path out = logDir.resolve(String.format("run-%02d-w%d.out", index, workers));
        Path err = logDir.resolve(String.format("run-%02d-w%d.err", index, workers));
        long t0 = System.nanoTime();
        Process p = start(command.args(index, workers), out, err);
        if (p.waitFor(delay, TimeUnit.MILLISECONDS)) {
            return endedBeforeKill(index, workers, delay, p, t0, out, err);
        }
        Boolean gateOpen = null;
        if (killGate != null) {
            gateOpen = awaitGate(p);
            if (!p.isAlive()) {
                return endedBeforeKill(index, workers, delay, p, t0, out, err);
            }
        }
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new ChildFailedException("run " + index + ": child still alive 30 s after SIGKILL");
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        int exit = p.exitValue();
        if (exit == 0) {
            // It finished in the instant between the last liveness check and the kill.
            return new RunRecord(index, workers, delay, Outcome.FINISHED_BEFORE_KILL, exit, millis, null, out, err);
        }
        if (exit != SIGKILL_STATUS) {
            throw failure("run " + index + " (" + workers + " workers): expected exit status " + SIGKILL_STATUS
                    + " (SIGKILL) after the kill, got " + exit, err);
        }
        return new RunRecord(index, workers, delay, Outcome.KILLED, exit, millis, gateOpen, out, err);
    }

    /** Polls the gate every millisecond until it opens, the bound passes or the child ends. */
    private boolean awaitGate(Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(killGateMaxWaitMillis);
        while (p.isAlive()) {
            if (killGate.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(0, 250_000);
        }
        return false;
    }

    private RunRecord endedBeforeKill(int index, int workers, long delay, Process p, long t0, Path out, Path err)
            throws IOException {
        long millis = (System.nanoTime() - t0) / 1_000_000;
        int exit = p.exitValue();
        if (exit != 0) {
            throw failure("run " + index + " (" + workers + " workers) exited " + exit + " by itself after "
                    + millis + " ms, before its planned kill at " + delay + " ms", err);
        }
        System.out.printf("[crash-harness] run %d finished (exit 0) after %d ms, before its planned kill at %d ms%n",
                index, millis, delay);
        return new RunRecord(index, workers, delay, Outcome.FINISHED_BEFORE_KILL, exit, millis, null, out, err);
    }

    private RunRecord runToEnd(int index, int workers, ChildCommand command) throws IOException, InterruptedException {
        Path out = logDir.resolve(String.format("run-%02d-w%d-final.out", index, workers));
        Path err = logDir.resolve(String.format("run-%02d-w%d-final.err", index, workers));
        long t0 = System.nanoTime();
        Process p = start(command.args(index, workers), out, err);
        if (!p.waitFor(finalTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            throw failure("final run " + index + " (" + workers + " workers) did not finish within " + finalTimeout, err);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (p.exitValue() != 0) {
            throw failure("final run " + index + " (" + workers + " workers) exited " + p.exitValue() + " after "
                    + millis + " ms", err);
        }
        return new RunRecord(index, workers, -1, Outcome.COMPLETED, 0, millis, null, out, err);
    }

    private Process start(List<String> args, Path out, Path err) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    /** This JVM's {@code java} executable. */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static ChildFailedException failure(String what, Path err) throws IOException {
        return new ChildFailedException(what + "; stderr (" + err + ") ends with:\n" + tail(err, 60));
    }

    private static final java.util.regex.Pattern RESUMES_AT = java.util.regex.Pattern.compile("resumes at epoch (\\d+)");

    /** {@code ", resumed at epoch E"} from the engine's log line in a child's stderr, or empty if it has none. */
    static String resumeNote(Path stderr) {
        try {
            java.util.regex.Matcher m = RESUMES_AT.matcher(Files.readString(stderr, StandardCharsets.UTF_8));
            return m.find() ? ", resumed at epoch " + m.group(1) : ", did not reach the resume (killed during start-up)";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The last {@code lines} lines of a file. */
    public static String tail(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return "(no file)";
        }
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Configures a {@link CrashHarness}; every setting has a default but the log directory. */
    public static final class Builder {
        private final Path logDir;
        private long seed = 1;
        private int kills = 3;
        private long minDelayMillis = 100;
        private long maxDelayMillis = 1500;
        private int[] workerSchedule = {1};
        private Duration finalTimeout = Duration.ofSeconds(600); // a hang guard: a loaded machine can be 20x slower
        private BooleanSupplier killGate;
        private long killGateMaxWaitMillis;
        private List<String> jvmOptions = List.of("-Xmx512m", "-XX:+UseSerialGC");
        private String classpath = System.getProperty("java.class.path");

        private Builder(Path logDir) {
            this.logDir = Objects.requireNonNull(logDir, "logDir");
        }

        /** Seeds the kill delays (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How many runs are killed before the final run (default 3; 0 is a crash-free run). */
        public Builder kills(int kills) {
            if (kills < 0) {
                throw new IllegalArgumentException("kills must be >= 0, was " + kills);
            }
            this.kills = kills;
            return this;
        }

        /** Each kill comes after a uniform random delay in [min, max] ms from the child's start (default 100–1500). */
        public Builder delays(long minMillis, long maxMillis) {
            if (minMillis < 0 || maxMillis < minMillis) {
                throw new IllegalArgumentException("need 0 <= min <= max, got " + minMillis + ", " + maxMillis);
            }
            this.minDelayMillis = minMillis;
            this.maxDelayMillis = maxMillis;
            return this;
        }

        /**
         * Worker counts by run: run {@code i} uses {@code schedule[min(i, length - 1)]} (default {@code 1}). For a
         * rescale, e.g. {@code workers(2, 3, 1)}.
         */
        public Builder workers(int... schedule) {
            if (schedule.length == 0) {
                throw new IllegalArgumentException("the worker schedule needs at least one count");
            }
            this.workerSchedule = schedule.clone();
            return this;
        }

        /** The time bound of the final run (default 600 s, a hang guard). */
        public Builder finalTimeout(Duration timeout) {
            this.finalTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * After each delay, waits up to {@code maxWaitMillis} for {@code gate} (polled about every 0.25 ms) to be
         * true before killing; the summary records whether it was.
         */
        public Builder killGate(BooleanSupplier gate, long maxWaitMillis) {
            this.killGate = Objects.requireNonNull(gate, "gate");
            this.killGateMaxWaitMillis = maxWaitMillis;
            return this;
        }

        /** JVM options of the children (default {@code -Xmx512m -XX:+UseSerialGC}). */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** The children's class path (default: this JVM's {@code java.class.path}). */
        public Builder classpath(String classpath) {
            this.classpath = Objects.requireNonNull(classpath, "classpath");
            return this;
        }

        public CrashHarness build() {
            return new CrashHarness(this);
        }
    }
}
