package dev.flowstate.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sets the log level of the CLI's SLF4J binding (slf4j-simple, which logs to stderr) from {@code --log-level} or
 * {@code FLOWSTATE_LOG_LEVEL}, before anything logs: slf4j-simple reads its configuration once, when the first
 * logger is made. A level given as the system property {@code org.slf4j.simpleLogger.defaultLogLevel} (e.g. in
 * JAVA_OPTS) wins; per-logger levels go through {@code -Dorg.slf4j.simpleLogger.log.NAME=LEVEL}.
 */
final class Logging {
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

    private Logging() {
    }

    /** The level asked for by the arguments or the environment, or null; @throws CliException for a bad level. */
    static String requestedLevel(String[] args, Map<String, String> env) {
        String level = env.get(EnvironmentDefaults.PREFIX + "LOG_LEVEL");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break; // what follows belongs to the dataflow's method
            }
            if (args[i].equals("--log-level") && i + 1 < args.length) {
                level = args[i + 1];
            } else if (args[i].startsWith("--log-level=")) {
                level = args[i].substring("--log-level=".length());
            }
        }
        if (level == null || level.isBlank()) {
            return null;
        }
        String l = level.strip().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(l)) {
            throw CliException.usage("--log-level must be one of " + String.join(", ", LEVELS) + ", was '" + level + "'");
        }
        return l;
    }

    /** Applies the requested level unless the system property already sets one. */
    static void configure(String[] args, Map<String, String> env) {
        String level = requestedLevel(args, env);
        if (level != null && System.getProperty(LEVEL_PROPERTY) == null) {
            System.setProperty(LEVEL_PROPERTY, level);
        }
    }
}
