package dev.flowstate.internal.runtime;

/** Closing several partitions: every one is closed even if some fail; the first failure is thrown, others suppressed. */
final class Closeables {
    private Closeables() {
    }

    /** Closes every non-null element. */
    static void closeAll(Iterable<? extends AutoCloseable> closeables) throws Exception {
        Exception first = null;
        for (AutoCloseable c : closeables) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
