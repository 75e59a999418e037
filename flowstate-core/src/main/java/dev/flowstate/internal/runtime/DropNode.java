package dev.flowstate.internal.runtime;

/** The end of a stream nobody reads. */
final class DropNode implements Node {
    static final DropNode INSTANCE = new DropNode();

    @Override
    public void push(Object item) {
    }

    @Override
    public void control(Message.Control control) {
    }
}
