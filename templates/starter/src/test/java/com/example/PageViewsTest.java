package com.example;

import dev.flowstate.testing.FlowstateExtension;
import dev.flowstate.testing.TestDriver;
import dev.flowstate.testing.TestDrivers;
import dev.flowstate.testing.TestInput;
import dev.flowstate.testing.TestOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(FlowstateExtension.class)
class PageViewsTest {

    @Test
    void countsViewsPerPage_exactlyOnceAcrossACrash(TestDrivers drivers) {
        TestDriver driver = drivers.start(PageViews.flow(new String[]{"in.csv", "out.tsv"}), b -> b.workers(2));
        TestInput<String> views = driver.input("views");
        TestOutput<String> out = driver.output("out");

        views.send("ann,/home", "bob,/home", "ann,/about");
        driver.closeEpoch();
        assertThat(out.readAll()).containsExactlyInAnyOrder("/home\t1", "/home\t2", "/about\t1");

        views.send("cid,/home");
        driver.crashAndRestore(3);              // the uncommitted view is read again, and counted once
        driver.closeEpoch();
        assertThat(out.readAll()).containsExactly("/home\t3");
    }
}
