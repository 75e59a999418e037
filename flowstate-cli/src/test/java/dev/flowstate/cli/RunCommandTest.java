package dev.flowstate.cli;

import dev.flowstate.RunConfig;
import dev.flowstate.cli.fixtures.Flows;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.flowstate.cli.ErrorAssert.oneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code flowstate run}: flags, env defaults and the run config they make. The runner is a recorder here. */
class RunCommandTest {
    private static final String FLOWS = Flows.class.getName();

    @Test
    void whenNoFlagsAreGiven_runsWithOneWorkerTenSecondEpochsAndNoRecovery() {
        Cli cli = Cli.recording();

        Cli.Result r = cli.execute("run", FLOWS);

        assertThat(r.exitCode()).as(r.err()).isZero();
        RunConfig c = cli.onlyConfig();
        assertThat(c.workers()).isEqualTo(1);
        assertThat(c.epochInterval()).isEqualTo(RunConfig.DEFAULT_EPOCH_INTERVAL);
        assertThat(c.recovery()).isNull();
        assertThat(cli.flows.get(0).name()).isEqualTo("letters");
    }

    @Test
    void flagsBecomeTheRunConfig() {
        Cli cli = Cli.recording();

        Cli.Result r = cli.execute("run", FLOWS, "-w", "3", "-s", "500ms", "-r", "state", "-b", "2m");

        assertThat(r.exitCode()).as(r.err()).isZero();
        RunConfig c = cli.onlyConfig();
        assertThat(c.workers()).isEqualTo(3);
        assertThat(c.epochInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.recovery().directory()).isEqualTo(Path.of("state"));
        assertThat(c.recovery().backupInterval()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void acceptLostOutputSetsThePropertySinksReadAsTheirDefault() {
        Cli cli = Cli.recording();
        try {
            Cli.Result r = cli.execute("run", FLOWS, "--accept-lost-output");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(dev.flowstate.io.LostOutput.acceptedByDefault()).isTrue();
        } finally {
            System.clearProperty(dev.flowstate.io.LostOutput.ACCEPT_PROPERTY);
        }
    }

    @Test
    void longFlagsAndIsoDurationsWork() {
        Cli cli = Cli.recording();

        cli.execute("run", FLOWS, "--workers", "2", "--snapshot-interval", "PT1M", "--recovery-dir", "s",
                "--backup-interval", "PT0S");

        assertThat(cli.onlyConfig().workers()).isEqualTo(2);
        assertThat(cli.onlyConfig().epochInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(cli.onlyConfig().recovery().backupInterval()).isZero();
    }

    @Test
    void envVariablesGiveTheDefaults() {
        Cli cli = Cli.recording(Map.of("FLOWSTATE_WORKERS", "4", "FLOWSTATE_SNAPSHOT_INTERVAL", "2s",
                "FLOWSTATE_RECOVERY_DIR", "/tmp/rec", "FLOWSTATE_BACKUP_INTERVAL", "1h"));

        Cli.Result r = cli.execute("run", FLOWS);

        assertThat(r.exitCode()).as(r.err()).isZero();
        RunConfig c = cli.onlyConfig();
        assertThat(c.workers()).isEqualTo(4);
        assertThat(c.epochInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.recovery().directory()).isEqualTo(Path.of("/tmp/rec"));
        assertThat(c.recovery().backupInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void flagsWinOverEnvVariables() {
        Cli cli = Cli.recording(Map.of("FLOWSTATE_WORKERS", "4"));

        cli.execute("run", FLOWS, "-w", "2");

        assertThat(cli.onlyConfig().workers()).isEqualTo(2);
    }

    @Test
    void whenEnvVariableIsInvalid_saysWhichOptionInOneLine() {
        Cli.Result r = Cli.recording(Map.of("FLOWSTATE_SNAPSHOT_INTERVAL", "soon")).execute("run", FLOWS);

        assertThat(oneLineError(r, 2)).contains("'soon' is not a duration");
    }

    @Test
    void argsAfterDoubleDashGoToTheFlowMethod() {
        Cli cli = Cli.recording();

        Cli.Result r = cli.execute("run", FLOWS + ":echo", "-w", "2", "--", "--input", "x", "-v");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Flows.LAST_ARGS.get()).containsExactly("--input", "x", "-v");
        assertThat(cli.onlyConfig().workers()).isEqualTo(2);
    }

    @Test
    void whenFlagIsUnknown_failsWithUsageExitCodeAndOneLine() {
        Cli.Result r = Cli.recording().execute("run", FLOWS, "--wrokers", "2");

        assertThat(oneLineError(r, 2)).contains("Unknown option: '--wrokers'").contains("flowstate run --help");
    }

    @Test
    void whenDurationIsBad_saysHowToWriteOne() {
        Cli.Result r = Cli.recording().execute("run", FLOWS, "-s", "10 seconds");

        assertThat(oneLineError(r, 2)).contains("--snapshot-interval").contains("'10 seconds' is not a duration")
                .contains("500ms, 10s, 2m, 1h or PT10S");
    }

    @Test
    void whenSnapshotIntervalIsZero_refuses() {
        Cli.Result r = Cli.recording().execute("run", FLOWS, "-s", "0");

        assertThat(oneLineError(r, 2)).contains("--snapshot-interval must be positive");
    }

    @Test
    void whenWorkersIsZero_refuses() {
        Cli.Result r = Cli.recording().execute("run", FLOWS, "-w", "0");

        assertThat(oneLineError(r, 2)).contains("--workers must be at least 1");
    }

    @Test
    void whenProcessesComeFromTheEnvironment_theyAreValidated() {
        Cli.Result r = Cli.recording(Map.of("FLOWSTATE_PROCESSES", "3", "FLOWSTATE_PROCESS_ID", "1",
                "FLOWSTATE_ADDRESSES", "a:1;b:2")).execute("run", FLOWS);

        assertThat(oneLineError(r, 2)).contains("--addresses lists 2 address(es) but --processes is 3");
    }

    @Test
    void addressesAloneGiveTheProcessCount_andTheIdMustFit() {
        Cli.Result r = Cli.recording().execute("run", FLOWS, "-a", "a:1;b:2", "-i", "2");

        assertThat(oneLineError(r, 2)).contains("--process-id 2 is out of range for 2 processes");
    }

    @Test
    void oneProcessWithItsAddressIsAccepted() {
        Cli cli = Cli.recording();

        Cli.Result r = cli.execute("run", FLOWS, "-p", "1", "-i", "0", "-a", "localhost:2101");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(cli.configs).hasSize(1);
    }

    @Test
    void clusterFlagsAreValidated() {
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "-i", "1"), 2)).contains("--process-id 1 is out of range");
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "-p", "0"), 2)).contains("--processes must be at least 1");
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "-p", "2", "-a", "h:1"), 2))
                .contains("--addresses lists 1 address(es) but --processes is 2");
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "-a", "nohost"), 2)).contains("'nohost' in --addresses is not HOST:PORT");
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "-a", "h:70000"), 2)).contains("is not HOST:PORT");
    }

    @Test
    void whenClassIsMissing_runsNothing() {
        Cli.Result r = Cli.recording().execute("run", "com.example.Missing");

        assertThat(oneLineError(r, 2)).isEqualTo("flowstate: error: class 'com.example.Missing' not found; "
                + "check the name (package included) or add its jar or directory with -cp");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result r = Cli.recording().execute("run", "--verbose", FLOWS + ":throwing");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines().get(0)).startsWith("flowstate: error: ");
        assertThat(r.err()).contains("java.lang.IllegalStateException: cannot build today").contains("\tat ");
    }

    @Test
    void envVerboseAddsTheStackTrace() {
        Cli.Result r = Cli.recording(Map.of("FLOWSTATE_VERBOSE", "1")).execute("run", FLOWS + ":throwing");

        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void helpListsEveryFlagWithItsEnvVariable() {
        Cli.Result r = Cli.recording().execute("run", "--help");

        assertThat(r.exitCode()).isZero();
        for (String var : List.of("FLOWSTATE_WORKERS", "FLOWSTATE_PROCESSES", "FLOWSTATE_PROCESS_ID", "FLOWSTATE_ADDRESSES",
                "FLOWSTATE_RECOVERY_DIR", "FLOWSTATE_SNAPSHOT_INTERVAL", "FLOWSTATE_BACKUP_INTERVAL")) {
            assertThat(r.out()).contains(var);
        }
    }

    @Test
    void aClusterMemberWithoutASecret_isRefused_unlessInsecure() {
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "-a", "127.0.0.1:1;127.0.0.1:2", "-i", "1"), 2))
                .contains("a cluster member needs a secret").contains("FLOWSTATE_CLUSTER_SECRET").contains("--insecure");
    }

    @Test
    void securityFlagsAreValidated() {
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "-p", "2", "--listen", "0.0.0.0:7100"), 2))
                .contains("--listen applies to a member of a cluster started with --addresses");
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "-a", "h:1;h:2", "--insecure", "--listen",
                "nohost"), 2)).contains("'nohost' in --listen is not HOST:PORT");
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "-a", "h:1;h:2", "--insecure", "--tls"), 2))
                .contains("TLS needs all of --tls, --tls-keystore FILE and --tls-truststore FILE");
        assertThat(oneLineError(Cli.recording().execute("run", FLOWS, "-a", "h:1;h:2", "--insecure",
                "--max-frame-bytes", "10"), 2)).contains("--max-frame-bytes must be at least 1024");
    }
}
