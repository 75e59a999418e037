package dev.flowstate.internal.runtime;

/**
 * Several inputs into one downstream. Items pass straight through; a barrier is forwarded once every input has
 * delivered it (alignment), with EOF only when every input ended. Items of the next epoch cannot arrive before that,
 * because a worker starts an epoch only after the previous one passed all its nodes.
 */
final class MergeNode implements Node {
    private final Node downstream;
    private final int inputs;
    private int arrived;
    private boolean allEof = true;

    MergeNode(Node downstream, int inputs) {
        this.downstream = downstream;
        this.inputs = inputs;
    }

    @Override
    public void push(Object item) {
        downstream.push(item);
    }

    @Override
    public void barrier(long epoch, boolean eof) {
        allEof &= eof;
        if (++arrived == inputs) {
            boolean forwardEof = allEof;
            arrived = 0;
            allEof = true;
            downstream.barrier(epoch, forwardEof);
        }
    }
}
