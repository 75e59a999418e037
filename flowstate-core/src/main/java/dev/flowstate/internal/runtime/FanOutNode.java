package dev.flowstate.internal.runtime;

import java.util.List;

/** Feeds one stream to several steps; each sees every item and control message. */
final class FanOutNode implements Node {
    private final Node[] downstreams;

    FanOutNode(List<Node> downstreams) {
        this.downstreams = downstreams.toArray(new Node[0]);
    }

    @Override
    public void push(Object item) {
        for (Node n : downstreams) {
            n.push(item);
        }
    }

    @Override
    public void control(Message.Control control) {
        for (Node n : downstreams) {
            n.control(control);
        }
    }
}
