package dev.flowstate.cli;

import dev.flowstate.DataflowDefinitionException;
import dev.flowstate.DataflowException;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * Turns every failure into one {@code flowstate: error: ...} line on stderr and an exit code: 2 when the command
 * as given cannot be carried out, 1 when the dataflow failed. Stack traces only with {@code --verbose} or
 * {@code FLOWSTATE_VERBOSE=1}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String PREFIX = "flowstate: error: ";
    private final boolean verboseFromEnv;

    ErrorReporter(boolean verboseFromEnv) {
        this.verboseFromEnv = verboseFromEnv;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        StringBuilder line = new StringBuilder(PREFIX).append(firstLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(String.join(" or ", u.getSuggestions())).append("?)");
        }
        line.append("; see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help'");
        cmd.getErr().println(line);
        cmd.getErr().flush();
        return ExitCode.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        int code;
        String message;
        if (ex instanceof ParameterException pe) {
            return handleParseException(pe, new String[0]);
        } else if (ex instanceof CliException ce) {
            code = ce.exitCode();
            message = ce.getMessage();
        } else if (ex instanceof DataflowDefinitionException) {
            code = ExitCode.SOFTWARE;
            message = "invalid dataflow: " + ex.getMessage();
        } else if (ex instanceof DataflowException) {
            code = ExitCode.SOFTWARE;
            message = "dataflow failed: " + ex.getMessage();
        } else if (ex instanceof IllegalArgumentException) {
            code = ExitCode.USAGE;
            message = ex.getMessage();
        } else {
            code = ExitCode.SOFTWARE;
            message = ex.toString();
        }
        boolean verbose = verboseFromEnv || verboseFlag(parsed);
        PrintWriter err = cmd.getErr();
        String line = firstLine(message);
        boolean hasDetail = ex.getCause() != null || !(ex instanceof CliException) || !line.equals(message);
        err.println(PREFIX + line + (hasDetail && !verbose && code == ExitCode.SOFTWARE ? " (--verbose shows the stack trace)" : ""));
        if (verbose) {
            (ex instanceof CliException && ex.getCause() != null ? ex.getCause() : ex).printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean verboseFlag(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose") && Boolean.TRUE.equals(p.matchedOptionValue("--verbose", false))) {
                return true;
            }
        }
        return false;
    }

    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl).stripTrailing() + " ...";
    }
}
