package dev.flowstate;

/** A dataflow is built wrongly: a duplicate step id, no input, no output, a stream of another dataflow. */
public class DataflowDefinitionException extends IllegalArgumentException {
    public DataflowDefinitionException(String message) {
        super(message);
    }
}
