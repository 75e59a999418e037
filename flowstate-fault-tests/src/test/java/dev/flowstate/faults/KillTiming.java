package dev.flowstate.faults;

/**
 * Kill delays shared by the scenarios, measured from the child's start (JVM start-up included, about 0.3–0.5 s);
 * most scenarios then also wait for a committed epoch ({@link CommittedEpochGate}) before they kill.
 * The inputs are sized so that a crash-free run of each job takes a few seconds on a 2-core machine, so most kills
 * land mid-run, some during start-up or resume.
 */
final class KillTiming {
    static final long MIN_DELAY_MS = 300;
    static final long MAX_DELAY_MS = 1500;
    /**
     * How long a kill waits, after its delay, for {@link CommittedEpochGate} (an epoch committed by the run): a
     * hang guard; on a loaded machine the first commit can come many seconds after start-up.
     */
    static final long GATE_MAX_WAIT_MS = 120_000;

    private KillTiming() {
    }
}
