package dev.flowstate;

import java.util.List;

/**
 * A live, read-only view of a dataflow running in this process: what each step, worker, input partition, the
 * recovery writer and the cluster transport have done so far. Given to every {@link RunObserver}. Any method may be
 * called from any thread while the run goes on and after it ended; values are counters that only grow, or current
 * values, read without locking, so a reading may trail the workers by a moment. Lists grow while the workers build
 * their steps, then stay fixed.
 */
public interface RunView {
    /** The dataflow's name. */
    String dataflowName();

    /**
     * The dataflow's plan as JSON: {@code {"name", "steps": [{"id", "kind", "origin", "exchange"}], "edges":
     * [{"from", "to", "port", "label", "exchange"}]}}; see docs/observability.md.
     */
    String planJson();

    /** This process's id in a cluster (0 when alone). */
    int processId();

    /** Number of processes in the run (1 when alone). */
    int processes();

    /** Worker count of the whole run (all processes). */
    int totalWorkers();

    /** Wall-clock time the run started, in epoch milliseconds. */
    long startedAtMillis();

    /** True once the run ended, normally or not. */
    boolean finished();

    /** The latest epoch every worker of the run completed (and, with recovery on, made durable). */
    long committedEpoch();

    /** One entry per (step, local worker). */
    List<Step> steps();

    /** One entry per local worker. */
    List<Worker> workers();

    /** One entry per input partition read by a local worker. */
    List<Partition> partitions();

    /** The recovery writer of this process. */
    Recovery recovery();

    /** One entry per other process of a cluster; empty when alone. */
    List<Peer> peers();

    /** One step on one worker. */
    interface Step {
        String stepId();

        /** The operator, e.g. {@code map}, {@code stateful_map}, {@code input}. */
        String kind();

        int worker();

        /** Items the step received on this worker (after any exchange: items this worker processed). */
        long itemsIn();

        /** Items the step emitted on this worker. */
        long itemsOut();

        /**
         * Time this worker spent in the step's own code, not counting the steps it pushes into, estimated by
         * sampling each worker's current step every 2 ms.
         */
        long busyNanos();
    }

    /** One worker thread. */
    interface Worker {
        int index();

        /** The epoch the worker is processing. */
        long epoch();

        /** Exchange messages waiting for room in a full channel (backpressure). */
        long backlog();

        /** Total time the worker was parked with nothing to do. */
        long parkedNanos();

        /** True once the worker restored its state and opened its partitions. */
        boolean ready();

        /** True once the worker ended. */
        boolean done();
    }

    /** One input partition. */
    interface Partition {
        String stepId();

        String partition();

        int worker();

        /** Items read from the partition in this run. */
        long itemsRead();

        /**
         * The partition's position as its connector reports it ({@link dev.flowstate.io.PartitionProgress}, e.g. a
         * Kafka offset), otherwise the items read in this run.
         */
        long position();

        /** How far the partition trails its source (e.g. Kafka consumer lag), or -1 when the connector cannot tell. */
        long lag();
    }

    /** What the recovery writer did. */
    interface Recovery {
        /** False when the run has no recovery store; every other value is then 0. */
        boolean enabled();

        /** The epoch this run resumed at (1 for a fresh store). */
        long resumeEpoch();

        /** Time from the start of the run until every local worker restored its state and opened its inputs. */
        long resumeNanos();

        /** Commits written (each one or more worker epochs). */
        long commits();

        /** Snapshot rows written (keyed state, input and output partition states). */
        long snapshotRows();

        /** Bytes of snapshot keys and values written. */
        long snapshotBytes();

        /** Total time spent in commits. */
        long commitNanos();

        /** Duration of the latest commit. */
        long lastCommitNanos();
    }

    /** The connection to one other process of a cluster. */
    interface Peer {
        int processId();

        String address();

        long bytesSent();

        long framesSent();

        long bytesReceived();

        long framesReceived();

        /** Total time local workers' channels to this peer were full, waiting for the peer to return credit. */
        long creditWaitNanos();
    }
}
