package dev.flowstate.internal.runtime;

/**
 * A step instance on one worker, receiving items and control messages by direct method calls from the step before
 * it (operators without an exchange between them are fused this way: no queue, no copy). Called only by the owning
 * worker's thread.
 */
public interface Node extends dev.flowstate.internal.plan.ItemOp.Out {

    @Override
    void push(Object item);

    /**
     * A control message behind the items pushed so far (see {@link Message.Control}): a barrier closing an epoch
     * (possibly with EOF), or a watermark. Nodes that do not care pass it on unchanged.
     */
    void control(Message.Control control);
}
