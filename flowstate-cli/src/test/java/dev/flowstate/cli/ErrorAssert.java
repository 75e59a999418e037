package dev.flowstate.cli;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the CLI's error contract: one {@code flowstate: error:} line on stderr, the given exit code. */
final class ErrorAssert {
    private ErrorAssert() {
    }

    /** @return the error line, for further checks */
    static String oneLineError(Cli.Result r, int exitCode) {
        assertThat(r.errLines()).as("stderr: %s", r.err()).hasSize(1);
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(exitCode);
        String line = r.errLines().get(0);
        assertThat(line).startsWith("flowstate: error: ");
        return line;
    }
}
