package dev.flowstate;

/** What a {@link StatefulLogic} callback asks the engine to do with the key's state afterwards. */
public enum StateAction {
    /** Keep the logic instance and its state for the next item, timer or EOF. */
    KEEP,
    /** Drop the state; the next item for this key builds a fresh logic from no state. */
    DISCARD
}
