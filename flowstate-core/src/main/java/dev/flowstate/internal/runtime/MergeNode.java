package dev.flowstate.internal.runtime;

/**
 * Several inputs into one downstream; each upstream feeds its own {@link #input(int)}. Items pass straight through;
 * a barrier is forwarded once every input delivered it (alignment), with EOF only when every input ended; the
 * watermark is the minimum over the inputs ({@link WatermarkMin}). Items of the next epoch cannot arrive before the
 * barrier is forwarded, because a worker starts an epoch only after the previous one passed all its nodes.
 */
final class MergeNode implements Node {
    private final Node downstream;
    private final int inputs;
    private final boolean[] arrived;
    private final WatermarkMin watermark;
    private int arrivedCount;
    private boolean allEof = true;

    MergeNode(Node downstream, int inputs) {
        this.downstream = downstream;
        this.inputs = inputs;
        this.arrived = new boolean[inputs];
        this.watermark = new WatermarkMin(inputs);
    }

    @Override
    public void push(Object item) {
        downstream.push(item);
    }

    /** Control messages must come through {@link #input(int)}, which says which input delivered them. */
    @Override
    public void control(Message.Control control) {
        throw new IllegalStateException("a merge's inputs deliver control messages through input(i)");
    }

    /** The node upstream input {@code i} pushes into. */
    Node input(int i) {
        return new Node() {
            @Override
            public void push(Object item) {
                downstream.push(item);
            }

            @Override
            public void control(Message.Control control) {
                arrive(i, control);
            }
        };
    }

    private void arrive(int i, Message.Control control) {
        if (control instanceof Message.Watermark w) {
            forward(watermark.update(i, w));
            return;
        }
        Message.Barrier b = (Message.Barrier) control;
        if (arrived[i]) {
            throw new IllegalStateException("merge: second barrier " + b.epoch() + " on input " + i + " before alignment");
        }
        arrived[i] = true;
        allEof &= b.eof();
        if (b.eof()) {
            forward(watermark.end(i, b.epoch()));
        }
        if (++arrivedCount == inputs) {
            boolean forwardEof = allEof;
            java.util.Arrays.fill(arrived, false);
            arrivedCount = 0;
            allEof = true;
            downstream.control(new Message.Barrier(b.epoch(), forwardEof));
        }
    }

    private void forward(Message.Watermark w) {
        if (w != null) {
            downstream.control(w);
        }
    }
}
