package dev.flowstate;

/** Finds where user code created a step, for error messages. */
final class Origin {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private Origin() {
    }

    static String caller() {
        return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("dev.flowstate.") || f.getClassName().startsWith("dev.flowstate.examples."))
                .findFirst()
                .map(f -> f.getFileName() + ":" + f.getLineNumber())
                .orElse(""));
    }
}
