package dev.flowstate.internal.runtime;

/**
 * A step instance on one worker, receiving items and epoch barriers by direct method calls from the step before it
 * (operators without an exchange between them are fused this way: no queue, no copy). Called only by the owning
 * worker's thread.
 */
public interface Node extends dev.flowstate.internal.plan.ItemOp.Out {

    @Override
    void push(Object item);

    /**
     * Epoch {@code epoch} is complete on this input: every item of it has been pushed. {@code eof} means the input
     * also ended and sends nothing more. A node with several inputs forwards the barrier once all inputs sent it.
     */
    void barrier(long epoch, boolean eof);
}
