package dev.flowstate.recovery.spi;

/**
 * One execution (one run of a cluster of workers) on the store, as the protocol layer records it.
 *
 * @param execution     the execution number: 1 for the first, then one more than the previous
 * @param workerCount   the number of workers of the whole run
 * @param resumeEpoch   the epoch it resumed at (1 for a fresh store)
 * @param startedAt     ISO-8601 instant the execution started
 * @param finalFrontier the effective frontier it reached, recorded when the next execution starts; null while it
 *                      is the latest
 */
public record ExecutionRecord(long execution, int workerCount, long resumeEpoch, String startedAt, Long finalFrontier) {
}
