package dev.flowstate.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads option defaults from the environment: option {@code --recovery-dir} defaults to {@code FLOWSTATE_RECOVERY_DIR},
 * and so on for every option (its longest name, upper-cased, dashes turned into underscores). A flag given on the
 * command line wins. Boolean flags also accept {@code 1/0}, {@code yes/no} and {@code on/off}.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    static final String PREFIX = "FLOWSTATE_";
    private static final Set<String> TRUE = Set.of("1", "yes", "on", "true");
    private static final Set<String> FALSE = Set.of("0", "no", "off", "false", "");

    private final Map<String, String> env;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The variable an option reads its default from, e.g. {@code FLOWSTATE_WORKERS} for {@code --workers}. */
    static String variable(OptionSpec option) {
        return PREFIX + option.longestName().replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String value = env.get(variable(option));
        if (value == null) {
            return null;
        }
        if (option.type() == boolean.class || option.type() == Boolean.class) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            return TRUE.contains(v) ? "true" : FALSE.contains(v) ? "false" : value;
        }
        return value.isBlank() ? null : value;
    }

    /** Whether {@code FLOWSTATE_VERBOSE} asks for stack traces. */
    boolean verbose() {
        String v = env.get(PREFIX + "VERBOSE");
        return v != null && TRUE.contains(v.strip().toLowerCase(Locale.ROOT));
    }
}
