package dev.flowstate.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoggingAndLocalClusterTest {
    @Test
    void logLevelComesFromTheFlagOrTheEnvironment_flagWins() {
        assertThat(Logging.requestedLevel(new String[]{"run", "X"}, Map.of())).isNull();
        assertThat(Logging.requestedLevel(new String[]{"run", "X"}, Map.of("FLOWSTATE_LOG_LEVEL", "WARN"))).isEqualTo("warn");
        assertThat(Logging.requestedLevel(new String[]{"--log-level", "debug", "run", "X"},
                Map.of("FLOWSTATE_LOG_LEVEL", "warn"))).isEqualTo("debug");
        assertThat(Logging.requestedLevel(new String[]{"run", "--log-level=error", "X"}, Map.of())).isEqualTo("error");
        // After "--" it is the dataflow's argument.
        assertThat(Logging.requestedLevel(new String[]{"run", "X", "--", "--log-level", "debug"}, Map.of())).isNull();
    }

    @Test
    void whenLogLevelIsUnknown_namesTheLevels() {
        assertThatThrownBy(() -> Logging.requestedLevel(new String[]{"--log-level", "loud"}, Map.of()))
                .isInstanceOf(CliException.class)
                .hasMessage("--log-level must be one of trace, debug, info, warn, error, off, was 'loud'");
    }

    @Test
    void logLevelIsAnOptionOfEveryCommand() {
        Cli.Result r = Cli.recording().execute("run", "--log-level", "warn", dev.flowstate.cli.fixtures.Flows.class.getName());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void childrenOfALocalClusterGetTheMetricsPortReplaced() {
        List<String> args = new ArrayList<>(List.of("run", "--metrics-port", "9000", "X", "--metrics-port=9001", "--",
                "--metrics-port", "keep"));
        LocalCluster.withoutOption(args, "--metrics-port");
        assertThat(args).containsExactly("run", "X", "--", "--metrics-port", "keep");
    }

    @Test
    void childrenGetThisJvmsOptions() {
        assertThat(LocalCluster.jvmOptions()).contains("-Dflowstate.cli.test.marker=passed-down");
    }
}
