package dev.flowstate.bench;

/**
 * One command-line argument split into its option name and, for the {@code --name=value} form, its inline value
 * (null for {@code --name} alone, whose value, if any, is the next argument).
 */
public record OptionArg(String name, String inlineValue) {

    public static OptionArg of(String arg) {
        int eq = arg.indexOf('=');
        return arg.startsWith("--") && eq > 0
                ? new OptionArg(arg.substring(0, eq), arg.substring(eq + 1))
                : new OptionArg(arg, null);
    }
}
