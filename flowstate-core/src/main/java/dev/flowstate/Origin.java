package dev.flowstate;

/** Finds where user code created a step, for error messages. */
final class Origin {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private Origin() {
    }

    /** The API package itself and the internals; users' code (any other package) is where steps come from. */
    private static boolean isLibrary(String className) {
        return className.startsWith("dev.flowstate.internal.")
                || (className.startsWith("dev.flowstate.") && className.lastIndexOf('.') == "dev.flowstate".length());
    }

    static String caller() {
        return WALKER.walk(frames -> frames
                .filter(f -> !isLibrary(f.getClassName()))
                .findFirst()
                .map(f -> f.getFileName() + ":" + f.getLineNumber())
                .orElse(""));
    }
}
