package dev.flowstate.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JoinExampleTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2})
    void joinsEachUserWithTheirLatestOrderAtTheEnd(int workers) {
        Path users = ExampleRuns.write(dir, "users.csv", "1,ada", "2,brian", "3,claude", "4,dana");
        Path orders = ExampleRuns.write(dir, "orders.csv", "1,19.99", "3,5.00", "1,42.00", "", "5,7.50");
        Path out = dir.resolve("out.tsv");

        ExampleRuns.run(JoinExample.flow(new String[]{
                "--users", users.toString(), "--orders", orders.toString(), "--output", out.toString()}), workers);

        assertThat(ExampleRuns.lines(out)).containsExactlyInAnyOrder(
                "1\tada\t42.00", "2\tbrian\t-", "3\tclaude\t5.00", "4\tdana\t-", "5\t-\t7.50");
    }

    @Test
    void whenAnInputIsMissing_saysWhichAndShowsUsage() {
        assertThatThrownBy(() -> JoinExample.flow(new String[]{"--users", "u", "--output", "o"}))
                .hasMessage("missing --orders; usage: JoinExample --users FILE --orders FILE --output FILE");
    }
}
