package dev.flowstate.cli;

import javax.lang.model.SourceVersion;

/**
 * A {@code CLASS[:METHOD]} argument: the class that builds a dataflow and the name of its static method
 * ({@value #DEFAULT_METHOD} when not given).
 */
record FlowReference(String className, String methodName) {
    static final String DEFAULT_METHOD = "flow";

    /** @throws CliException (usage) when the text is not a class name, optionally followed by {@code :method} */
    static FlowReference parse(String text) {
        int colon = text.indexOf(':');
        String cls = colon < 0 ? text : text.substring(0, colon);
        String method = colon < 0 ? DEFAULT_METHOD : text.substring(colon + 1);
        if (!SourceVersion.isName(cls)) {
            throw CliException.usage("'" + cls + "' is not a class name; write CLASS[:METHOD], e.g. "
                    + "dev.flowstate.examples.WordCount or com.example.Jobs:dailyTotals");
        }
        if (!SourceVersion.isIdentifier(method) || SourceVersion.isKeyword(method)) {
            throw CliException.usage("'" + method + "' is not a method name; write CLASS[:METHOD], e.g. com.example.Jobs:dailyTotals");
        }
        return new FlowReference(cls, method);
    }

    @Override
    public String toString() {
        return className + "." + methodName;
    }
}
