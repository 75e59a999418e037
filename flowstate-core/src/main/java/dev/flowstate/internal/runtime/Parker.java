package dev.flowstate.internal.runtime;

import java.util.concurrent.locks.LockSupport;

/** Lets other threads wake a worker that parks while it has nothing to do. */
final class Parker {
    private volatile Thread thread;

    void bindCurrentThread() {
        thread = Thread.currentThread();
    }

    void unpark() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    void interrupt() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
        }
    }

    static void parkNanos(long nanos) {
        if (nanos > 0) {
            LockSupport.parkNanos(nanos);
        }
    }
}
