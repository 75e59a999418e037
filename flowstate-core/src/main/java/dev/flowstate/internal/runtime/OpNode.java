package dev.flowstate.internal.runtime;

import dev.flowstate.internal.plan.ItemOp;
import dev.flowstate.internal.plan.StepContext;

/** Runs a stateless {@link ItemOp}; what it emits goes straight into the next node. */
final class OpNode implements Node, StepContext {
    private final String stepId;
    private final ItemOp op;
    private final Node downstream;
    private final WorkerInfo worker;

    OpNode(String stepId, ItemOp op, Node downstream, WorkerInfo worker) {
        this.stepId = stepId;
        this.op = op;
        this.downstream = downstream;
        this.worker = worker;
    }

    @Override
    public void push(Object item) {
        try {
            op.apply(item, this, downstream);
        } catch (RuntimeException e) {
            throw StepException.wrap(stepId, e);
        }
    }

    @Override
    public void control(Message.Control control) {
        downstream.control(control);
    }

    @Override
    public String stepId() {
        return stepId;
    }

    @Override
    public int workerIndex() {
        return worker.index();
    }

    @Override
    public int workerCount() {
        return worker.count();
    }

    @Override
    public long epoch() {
        return worker.epoch();
    }
}
