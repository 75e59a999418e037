package dev.flowstate.recovery.s3;

/**
 * Object names of a store, relative to its prefix. Numbers are zero-padded so that name order is numeric order
 * (listings come back sorted by name). See docs/recovery-store.md, "Object storage".
 */
final class Layout {
    static final String IDENTITY = "identity";
    static final String EXECUTIONS = "executions/";
    static final String FRONTIERS = "frontiers/";
    static final String SEGMENTS = "segments/";
    static final String BASES = "bases/";
    static final String LOCK = "lock/";

    /** Names the store writes; anything else under the prefix (a server's temporary files, a tool's notes) is ignored. */
    private static final java.util.regex.Pattern OURS = java.util.regex.Pattern.compile(
            "identity|(executions|bases|lock)/\\d{19}|frontiers/\\d{19}/\\d{5}|segments/\\d{19}/\\d{19}-\\d{5}");

    private Layout() {
    }

    /** Whether {@code name} is one of the store's own object names. */
    static boolean ours(String name) {
        return OURS.matcher(name).matches();
    }

    static String execution(long execution) {
        return EXECUTIONS + pad(execution);
    }

    static String frontiers(long execution) {
        return FRONTIERS + pad(execution) + "/";
    }

    static String frontier(long execution, int worker) {
        return frontiers(execution) + String.format("%05d", worker);
    }

    /** Segment of one worker's rows of one epoch, written in one execution. */
    static String segment(long epoch, long execution, int worker) {
        return SEGMENTS + pad(epoch) + "/" + pad(execution) + "-" + String.format("%05d", worker);
    }

    static String base(long keepEpoch) {
        return BASES + pad(keepEpoch);
    }

    /** The number after {@code dir}: {@code executions/000…7} → 7. */
    static long number(String name, String dir) {
        int end = name.indexOf('/', dir.length());
        return Long.parseLong(name.substring(dir.length(), end < 0 ? name.length() : end));
    }

    /** A segment name's epoch and execution: {@code [epoch, execution]}. */
    static long[] segmentEpochAndExecution(String name) {
        String rest = name.substring(SEGMENTS.length());
        int slash = rest.indexOf('/');
        int dash = rest.indexOf('-', slash);
        return new long[]{Long.parseLong(rest.substring(0, slash)), Long.parseLong(rest.substring(slash + 1, dash))};
    }

    private static String pad(long n) {
        return String.format("%019d", n);
    }
}
