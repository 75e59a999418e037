package dev.flowstate.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole process (all threads, GC and JIT included). Printed next to wall time in progress lines: on a
 * shared machine, wall time far above CPU time means the run was waiting for a core.
 */
public final class ProcessCpu {
    private ProcessCpu() {
    }

    /** Nanoseconds of CPU used by this process so far, or -1 if the JVM cannot tell. */
    public static long nanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
