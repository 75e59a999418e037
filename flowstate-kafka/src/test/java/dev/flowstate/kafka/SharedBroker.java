package dev.flowstate.kafka;

import dev.flowstate.kafka.testkit.KafkaBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Kafka broker for the whole test run (started by the first test class that uses it, stopped when JUnit's root
 * context closes). Tests isolate themselves with fresh topic names from {@link #topic}.
 */
public final class SharedBroker implements BeforeAllCallback {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static KafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedBroker.class) {
            if (broker == null) {
                KafkaBroker b = KafkaBroker.start(Files.createTempDirectory("flowstate-kafka-broker"));
                broker = b;
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                        .put("flowstate-kafka-broker", (ExtensionContext.Store.CloseableResource) b::close);
            }
        }
    }

    public static KafkaBroker broker() {
        return broker;
    }

    public static String servers() {
        return broker.bootstrapServers();
    }

    /** Creates a new topic with a unique name. */
    public static String topic(String base, int partitions) {
        String name = base + "-" + TOPICS.incrementAndGet();
        broker.createTopic(name, partitions);
        return name;
    }
}
