package dev.flowstate.examples;

import dev.flowstate.Dataflow;
import dev.flowstate.testing.FlowstateExtension;
import dev.flowstate.testing.TestDriver;
import dev.flowstate.testing.TestDrivers;
import dev.flowstate.testing.TestInput;
import dev.flowstate.testing.TestOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples driven by {@link TestDriver}: items sent by the test, crashes and rescales in the middle, and every
 * result checked exactly once. The file paths are placeholders: the driver replaces every input and output.
 */
@ExtendWith(FlowstateExtension.class)
class ExamplesUnderTestDriverTest {
    private static final String[] FILES = {"--input", "unused-in.txt", "--output", "unused-out.tsv"};

    @Test
    void wordCount_countsExactlyOnceAcrossCrashesAndRescales(TestDrivers drivers) {
        TestDriver driver = drivers.start(WordCount.flow(FILES), b -> b.workers(2));
        TestInput<String> lines = driver.input("lines");

        lines.send("The cat", "the dog");
        driver.closeEpoch();
        lines.send("THE END");                 // not committed: the crash loses it and the restored run re-reads it
        driver.crashAndRestore(3);
        lines.send("cat");
        driver.closeEpoch();
        driver.crashAndRestore(1);
        driver.finish();

        TestOutput<String> out = driver.output("out");
        assertThat(out.all()).containsExactlyInAnyOrder("the\t3", "cat\t2", "dog\t1", "end\t1");
    }

    @Test
    void runningAverage_emitsOneAveragePerLine_andResumesItsSums(TestDrivers drivers) {
        TestDriver driver = drivers.start(RunningAverage.flow(FILES), b -> b.workers(2));
        TestInput<String> lines = driver.input("lines");
        TestOutput<String> out = driver.output("out");

        lines.send("kitchen,20", "", "garage,10");
        driver.closeEpoch();
        assertThat(out.readAll()).containsExactlyInAnyOrder("kitchen\t20.00", "garage\t10.00");

        driver.crashAndRestore();
        lines.send("kitchen,22", "garage,11");
        driver.closeEpoch();
        assertThat(out.readAll()).containsExactlyInAnyOrder("kitchen\t21.00", "garage\t10.50");
    }

    @Test
    void joinExample_joinsTheLastValueOfEachSideAtTheEnd(TestDrivers drivers) {
        Dataflow flow = JoinExample.flow(new String[]{"--users", "u.csv", "--orders", "o.csv", "--output", "out.tsv"});
        TestDriver driver = drivers.start(flow, b -> b.workers(2));
        driver.<String>input("users").send("1,ann", "2,bob");
        driver.<String>input("orders").send("1,book", "3,pen");
        driver.closeEpoch();
        driver.crashAndRestore(3);
        driver.<String>input("orders").send("1,lamp");
        driver.finish();

        assertThat(driver.<String>output("out").all())
                .containsExactlyInAnyOrderElementsOf(List.of("1\tann\tlamp", "2\tbob\t-", "3\t-\tpen"));
    }
}
