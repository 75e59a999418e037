package dev.flowstate.faults;

/**
 * Kill delays shared by the scenarios, measured from the child's start (JVM start-up included, about 0.3–0.5 s).
 * The inputs are sized so that a crash-free run of each job takes a few seconds on a 2-core machine, so most kills
 * land mid-run, some during start-up or resume.
 */
final class KillTiming {
    static final long MIN_DELAY_MS = 300;
    static final long MAX_DELAY_MS = 1500;

    private KillTiming() {
    }
}
