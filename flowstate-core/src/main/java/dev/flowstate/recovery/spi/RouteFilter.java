package dev.flowstate.recovery.spi;

/**
 * A worker's share of the keys: those whose route hash modulo {@code workerCount} is {@code workerIndex}. Passed to
 * {@link RecoveryBackend#readNewestRows} so a backend can skip other workers' rows early; the protocol layer checks
 * every returned row against it again, so a backend may also return more rows than the filter selects.
 *
 * @param workerCount at least 1
 * @param workerIndex {@code 0 <= workerIndex < workerCount}
 */
public record RouteFilter(int workerCount, int workerIndex) {
    /** Every key. */
    public static final RouteFilter ALL = new RouteFilter(1, 0);

    public RouteFilter {
        if (workerCount < 1 || workerIndex < 0 || workerIndex >= workerCount) {
            throw new IllegalArgumentException("worker " + workerIndex + " of " + workerCount);
        }
    }

    /** Whether a row with this route hash belongs to the worker. */
    public boolean matches(int routeHash) {
        return routeHash % workerCount == workerIndex;
    }
}
