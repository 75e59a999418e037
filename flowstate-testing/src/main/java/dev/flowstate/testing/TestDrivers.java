package dev.flowstate.testing;

import dev.flowstate.Dataflow;

import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@link TestDriver}s for one test and closes them after it; handed to test methods by
 * {@link FlowstateExtension}. Not thread-safe: one test thread uses it.
 */
public final class TestDrivers {
    private final List<TestDriver> started = new ArrayList<>();

    TestDrivers() {
    }

    /** A driver for {@code flow} with defaults, closed after the test. */
    public TestDriver start(Dataflow flow) {
        return track(TestDriver.start(flow));
    }

    /** A driver for {@code flow} configured by {@code configure}, closed after the test. */
    public TestDriver start(Dataflow flow, java.util.function.UnaryOperator<TestDriver.Builder> configure) {
        return track(configure.apply(TestDriver.builder(flow)).start());
    }

    private TestDriver track(TestDriver driver) {
        started.add(driver);
        return driver;
    }

    void closeAll() {
        RuntimeException first = null;
        for (TestDriver d : started) {
            try {
                d.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }
}
