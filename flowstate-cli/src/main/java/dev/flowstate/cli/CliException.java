package dev.flowstate.cli;

import picocli.CommandLine.ExitCode;

/**
 * A failure the CLI reports as one {@code flowstate: error: ...} line: the message says what was wrong and what to
 * do, the exit code says whose fault it was ({@link #usage}: the command as given cannot be carried out;
 * {@link #failure}: the dataflow or the store failed).
 */
final class CliException extends RuntimeException {
    private final int exitCode;

    private CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** Exit code 2: a bad flag, class, method or argument. */
    static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message, null);
    }

    /** Exit code 2 with the exception that revealed the problem (shown with {@code --verbose}). */
    static CliException usage(String message, Throwable cause) {
        return new CliException(ExitCode.USAGE, message, cause);
    }

    /** Exit code 1: building or running the dataflow failed. */
    static CliException failure(String message, Throwable cause) {
        return new CliException(ExitCode.SOFTWARE, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
