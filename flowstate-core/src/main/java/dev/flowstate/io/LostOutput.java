package dev.flowstate.io;

import java.util.List;

/**
 * Output that a sink could not deliver and the user chose to accept as lost, e.g. a Kafka transaction the broker
 * aborted (its timeout passed) while the dataflow was down, so the output of an epoch the recovery store committed
 * can no longer be committed. By default such a sink refuses to continue; the user accepts the loss explicitly with
 * the sink's own option or {@code flowstate run --accept-lost-output} (which sets {@link #ACCEPT_PROPERTY}).
 *
 * <p>A sink partition's snapshot state implements this interface to record which epochs' output it lost, so that
 * {@code flowstate recovery inspect} ({@link dev.flowstate.recovery.Recovery#lostOutput}) can show them.
 */
public interface LostOutput {
    /** The JVM system property {@code flowstate run --accept-lost-output} sets to {@code true}. */
    String ACCEPT_PROPERTY = "flowstate.acceptLostOutput";

    /** True when lost output is accepted for this JVM ({@link #ACCEPT_PROPERTY} is {@code true}). */
    static boolean acceptedByDefault() {
        return Boolean.getBoolean(ACCEPT_PROPERTY);
    }

    /** The epochs whose output this partition lost and continued past, ascending; empty if none. */
    List<Long> lostEpochs();
}
