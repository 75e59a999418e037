package dev.flowstate.internal.runtime;

/** A failure inside one step's user code or connector, carrying the step id up to the worker. */
public final class StepException extends RuntimeException {
    private final String stepId;

    public StepException(String stepId, String message, Throwable cause) {
        super(message, cause);
        this.stepId = stepId;
    }

    /** Wraps {@code t} unless it already names a step (it then came from further downstream). */
    public static StepException wrap(String stepId, Throwable t) {
        if (t instanceof StepException se) {
            return se;
        }
        return new StepException(stepId, "failed", t);
    }

    public String stepId() {
        return stepId;
    }
}
