package dev.flowstate;

import dev.flowstate.internal.serde.ClassAllowList;

/** Finds where user code created a step, for error messages. */
final class Origin {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private Origin() {
    }

    /** The API package itself and the internals; users' code (any other package) is where steps come from. */
    private static boolean isLibrary(String className) {
        return className.startsWith("dev.flowstate.internal.")
                || (className.startsWith("dev.flowstate.") && className.lastIndexOf('.') == "dev.flowstate".length());
    }

    /** Also allows the default serde to create classes of the caller's jar or class directory (ClassAllowList). */
    static String caller() {
        return WALKER.walk(frames -> frames
                .filter(f -> !isLibrary(f.getClassName()))
                .findFirst()
                .map(f -> {
                    ClassAllowList.allowCodeOf(f.getDeclaringClass());
                    return f.getFileName() + ":" + f.getLineNumber();
                })
                .orElse(""));
    }
}
