package dev.flowstate.io;

import java.util.List;

/**
 * A source made of named partitions, each read by exactly one worker and each able to resume from a saved state.
 * Partitions are assigned round-robin over the sorted partition list, so the assignment is stable for a given
 * worker count. With recovery on, each partition's {@link SourcePartition#snapshot()} is saved at every epoch close
 * and handed back to {@link #buildPartition} when the dataflow resumes.
 *
 * @param <T> item type
 * @param <S> resume state type (must be serializable by the default serde)
 */
public non-sealed interface PartitionedSource<T, S> extends Source<T> {

    /** The partitions' names; called once per execution on every worker; must be the same on every worker. */
    List<String> listPartitions() throws Exception;

    /**
     * Opens one partition.
     *
     * @param resumeState the partition's last saved state, or null to start from the beginning
     */
    SourcePartition<T, S> buildPartition(String partition, S resumeState) throws Exception;
}
