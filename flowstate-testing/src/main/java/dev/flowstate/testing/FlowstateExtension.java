package dev.flowstate.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension around {@link TestDriver}: a test method (or constructor) taking a {@link TestDrivers}
 * parameter gets one, and every driver started through it is stopped and its temporary store deleted after the
 * test, pass or fail.
 *
 * <pre>{@code
 * @ExtendWith(FlowstateExtension.class)
 * class WordCountTest {
 *     @Test
 *     void counts(TestDrivers drivers) {
 *         TestDriver driver = drivers.start(WordCount.dataflow(...), b -> b.workers(2));
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class FlowstateExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FlowstateExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDrivers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestDrivers.class, k -> new TestDrivers(), TestDrivers.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestDrivers drivers = context.getStore(NAMESPACE).remove(TestDrivers.class, TestDrivers.class);
        if (drivers != null) {
            drivers.closeAll();
        }
    }
}
