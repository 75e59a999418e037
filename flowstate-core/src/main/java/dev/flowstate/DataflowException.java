package dev.flowstate;

/**
 * A dataflow failed while running: a user function threw, a connector failed, a peer was lost or the recovery store
 * broke. The message names the step and worker when known; {@link #getCause()} is the original failure.
 */
public class DataflowException extends RuntimeException {
    private final String stepId;
    private final int workerIndex;

    public DataflowException(String stepId, int workerIndex, String message, Throwable cause) {
        super(format(stepId, workerIndex, message, cause), cause);
        this.stepId = stepId;
        this.workerIndex = workerIndex;
    }

    public DataflowException(String message, Throwable cause) {
        this(null, -1, message, cause);
    }

    /** The failing step's id, or null when the failure belongs to no step. */
    public String stepId() {
        return stepId;
    }

    /** The failing worker's index, or -1 when the failure belongs to no worker. */
    public int workerIndex() {
        return workerIndex;
    }

    private static String format(String stepId, int worker, String message, Throwable cause) {
        StringBuilder sb = new StringBuilder();
        if (stepId != null) {
            sb.append("step '").append(stepId).append("'");
        }
        if (worker >= 0) {
            sb.append(sb.length() > 0 ? " on " : "").append("worker ").append(worker);
        }
        if (sb.length() > 0) {
            sb.append(": ");
        }
        sb.append(message);
        if (cause != null && (message == null || !message.contains(String.valueOf(cause.getMessage())))) {
            sb.append(": ").append(cause);
        }
        return sb.toString();
    }
}
