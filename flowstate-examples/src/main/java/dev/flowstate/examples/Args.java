package dev.flowstate.examples;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The examples' argument parsing: {@code --name value} pairs only. Every problem is an
 * {@link IllegalArgumentException} whose message says what was wrong and shows the usage line.
 */
final class Args {
    private final String usage;
    private final Map<String, String> values;

    private Args(String usage, Map<String, String> values) {
        this.usage = usage;
        this.values = values;
    }

    /**
     * Parses {@code --name value} pairs, accepting only the given names.
     *
     * @param usage the usage line shown with every error, e.g. {@code "WordCount --input FILE --output FILE"}
     */
    static Args parse(String usage, String[] args, Set<String> names) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + name + "'; usage: " + usage);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(name + " needs a value; usage: " + usage);
            }
            values.put(name, args[++i]);
        }
        return new Args(usage, values);
    }

    /** The value of a required argument. */
    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name + "; usage: " + usage);
        }
        return value;
    }

    /** The value of an optional argument that must be a whole number {@code >= min}, or {@code fallback} if absent. */
    long optionalLong(String name, long fallback, long min) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < min) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number >= " + min + ", got '" + value
                    + "'; usage: " + usage);
        }
    }

    /** The value of a required argument naming a file. */
    Path path(String name) {
        return Path.of(required(name));
    }
}
