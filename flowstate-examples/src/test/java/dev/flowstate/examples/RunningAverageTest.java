package dev.flowstate.examples;

import dev.flowstate.DataflowException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunningAverageTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} workers")
    @ValueSource(ints = {1, 2})
    void writesTheRunningAverageOfEachKeyForEveryLine(int workers) {
        Path in = ExampleRuns.write(dir, "in.csv",
                "kitchen,20.5", "garage,11", "kitchen,21.5", "", "attic,30", "garage,13", "kitchen,22");
        Path out = dir.resolve("out.tsv");

        ExampleRuns.run(RunningAverage.flow(new String[]{"--input", in.toString(), "--output", out.toString()}), workers);

        List<String> lines = ExampleRuns.lines(out);
        assertThat(lines).hasSize(6);
        assertThat(ExampleRuns.byKey(lines)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kitchen", List.of("20.50", "21.00", "21.33"),
                "garage", List.of("11.00", "12.00"),
                "attic", List.of("30.00")));
    }

    @Test
    void whenALineIsNotKeyCommaNumber_theRunFailsNamingTheLine() {
        Path in = ExampleRuns.write(dir, "in.csv", "kitchen,warm");
        Path out = dir.resolve("out.tsv");

        assertThatThrownBy(() -> ExampleRuns.run(
                RunningAverage.flow(new String[]{"--input", in.toString(), "--output", out.toString()}), 1))
                .isInstanceOf(DataflowException.class)
                .hasMessageContaining("parse")
                .hasMessageContaining("kitchen,warm");
    }

    @Test
    void parsesKeyAndValueAroundTheFirstComma() {
        assertThat(RunningAverage.parse(" a , 1.5")).isEqualTo(dev.flowstate.KeyValue.of("a", 1.5));
        assertThatThrownBy(() -> RunningAverage.parse(",1")).hasMessageContaining("expected a 'key,number' line");
    }
}
