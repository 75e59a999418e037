package dev.flowstate.bench;

/**
 * What one run of a workload produced: how many items reached the sink and the workload's checksum. Two engines
 * did the same work only if both numbers agree.
 */
public record Totals(long count, long checksum) {
}
