package dev.flowstate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.flowstate.cli.ErrorAssert.oneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/** Argument handling of {@code flowstate recovery}; the store itself is tested in flowstate-core. */
class RecoveryCommandTest {
    @Test
    void initNeedsPartitions(@TempDir Path dir) {
        Cli.Result r = Cli.recording().execute("recovery", "init", dir.resolve("s").toString());

        assertThat(oneLineError(r, 2)).contains("Missing required option: '--partitions=N'")
                .contains("flowstate recovery init --help");
    }

    @Test
    void initRefusesZeroPartitions(@TempDir Path dir) {
        Cli.Result r = Cli.recording().execute("recovery", "init", dir.resolve("s").toString(), "--partitions", "0");

        assertThat(oneLineError(r, 2)).contains("--partitions must be at least 1");
    }

    @Test
    void initNeedsANumber(@TempDir Path dir) {
        Cli.Result r = Cli.recording().execute("recovery", "init", dir.toString(), "--partitions", "many");

        assertThat(oneLineError(r, 2)).contains("'many' is not an int");
    }

    @Test
    void inspectNeedsAnExistingDirectory(@TempDir Path dir) {
        Cli.Result r = Cli.recording().execute("recovery", "inspect", dir.resolve("nope").toString());

        assertThat(oneLineError(r, 2)).contains("does not exist").contains("flowstate recovery init");
    }

    @Test
    void inspectOfAFreshStoreListsNoLostOutput(@TempDir Path dir) {
        Path store = dir.resolve("s");
        assertThat(Cli.recording().execute("recovery", "init", store.toString(), "--partitions", "1").exitCode()).isZero();

        Cli.Result r = Cli.recording().execute("recovery", "inspect", store.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("resume epoch: 1").endsWith("lost output:\n  (none)\n");
    }

    @Test
    void recoveryWithoutSubcommandSaysWhichExist() {
        assertThat(oneLineError(Cli.recording().execute("recovery"), 2)).contains("'recovery init' or 'recovery inspect'");
    }

    @Test
    void noCommandAtAllSaysWhichExist() {
        assertThat(oneLineError(Cli.recording().execute(), 2)).contains("missing command: use run, visualize or recovery");
    }
}
