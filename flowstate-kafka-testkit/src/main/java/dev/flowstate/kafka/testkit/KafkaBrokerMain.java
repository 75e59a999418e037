package dev.flowstate.kafka.testkit;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child-JVM entry point of {@link KafkaBroker}: formats the storage of a single-node KRaft cluster (unless it
 * is formatted already) and runs the broker until the process is stopped.
 *
 * <pre>java -cp CP dev.flowstate.kafka.testkit.KafkaBrokerMain SERVER_PROPERTIES CLUSTER_ID</pre>
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KafkaBrokerMain SERVER_PROPERTIES CLUSTER_ID");
            System.exit(2);
        }
        Path props = Path.of(args[0]);
        if (!Files.isRegularFile(props)) {
            System.err.println("no such file: " + props);
            System.exit(2);
        }
        int rc = kafka.tools.StorageTool.execute(new String[]{"format", "-t", args[1], "-c", props.toString(),
                "--ignore-formatted"}, new PrintStream(System.out, true));
        if (rc != 0) {
            System.err.println("formatting the broker storage failed with status " + rc);
            System.exit(1);
        }
        kafka.Kafka.main(new String[]{props.toString()});
    }
}
