package dev.flowstate.recovery.remote;

import dev.flowstate.recovery.spi.ExecutionRecord;
import dev.flowstate.recovery.spi.StoreIdentity;
import dev.flowstate.recovery.spi.WorkerFrontier;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The small metadata objects of the store (identity, execution, frontier), as {@code java.util.Properties} text so
 * that a person can read them with any S3 tool and any later version can still read {@code formatVersion}.
 * A parse failure is an {@link IllegalArgumentException}; the caller names the object.
 */
public final class Records {
    private Records() {
    }

    public static Properties identity(StoreIdentity id, String prefix) {
        Properties p = new Properties();
        p.setProperty(prefix + "formatVersion", Integer.toString(id.formatVersion()));
        p.setProperty(prefix + "storeId", id.storeId());
        p.setProperty(prefix + "createdAt", id.createdAt());
        p.setProperty(prefix + "partitions", Integer.toString(id.partitions()));
        if (id.dataflow() != null) {
            p.setProperty(prefix + "dataflow", id.dataflow());
        }
        id.steps().forEach((step, kind) -> p.setProperty(prefix + "step." + step, kind));
        return p;
    }

    public static StoreIdentity identity(Properties p, String prefix) {
        TreeMap<String, String> steps = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(prefix + "step.")) {
                steps.put(name.substring(prefix.length() + 5), p.getProperty(name));
            }
        }
        return new StoreIdentity(Integer.parseInt(required(p, prefix + "formatVersion")),
                required(p, prefix + "storeId"), required(p, prefix + "createdAt"),
                Integer.parseInt(required(p, prefix + "partitions")), p.getProperty(prefix + "dataflow"), steps);
    }

    public static void execution(Properties p, String prefix, ExecutionRecord e) {
        p.setProperty(prefix + "execution", Long.toString(e.execution()));
        p.setProperty(prefix + "workerCount", Integer.toString(e.workerCount()));
        p.setProperty(prefix + "resumeEpoch", Long.toString(e.resumeEpoch()));
        p.setProperty(prefix + "startedAt", e.startedAt());
        if (e.finalFrontier() != null) {
            p.setProperty(prefix + "finalFrontier", Long.toString(e.finalFrontier()));
        }
    }

    public static ExecutionRecord execution(Properties p, String prefix) {
        String f = p.getProperty(prefix + "finalFrontier");
        return new ExecutionRecord(Long.parseLong(required(p, prefix + "execution")),
                Integer.parseInt(required(p, prefix + "workerCount")),
                Long.parseLong(required(p, prefix + "resumeEpoch")), required(p, prefix + "startedAt"),
                f == null ? null : Long.valueOf(f));
    }

    /**
     * The execution records of a store that keeps one record per execution, oldest first: each record holds its own
     * fields and, under {@code previous.}, the previous execution with its final frontier; here every record but
     * the latest gets the final frontier its successor recorded.
     */
    public static java.util.List<ExecutionRecord> executions(java.util.List<Properties> oldestFirst) {
        java.util.List<ExecutionRecord> out = new java.util.ArrayList<>();
        for (int i = 0; i < oldestFirst.size(); i++) {
            ExecutionRecord r = execution(oldestFirst.get(i), "");
            if (i + 1 < oldestFirst.size() && oldestFirst.get(i + 1).getProperty("previous.execution") != null) {
                ExecutionRecord prev = execution(oldestFirst.get(i + 1), "previous.");
                r = new ExecutionRecord(r.execution(), r.workerCount(), r.resumeEpoch(), r.startedAt(), prev.finalFrontier());
            }
            out.add(r);
        }
        return out;
    }

    /** The properties of an execution record written by {@code startExecution}. */
    public static Properties startRecord(ExecutionRecord previous, ExecutionRecord next, StoreIdentity identity) {
        Properties p = identity(identity, "identity.");
        execution(p, "", next);
        if (previous != null) {
            execution(p, "previous.", previous);
        }
        return p;
    }

    public static byte[] frontier(WorkerFrontier f) {
        Properties p = new Properties();
        p.setProperty("execution", Long.toString(f.execution()));
        p.setProperty("worker", Integer.toString(f.worker()));
        p.setProperty("frontier", Long.toString(f.frontier()));
        p.setProperty("finished", Boolean.toString(f.finished()));
        p.setProperty("checksum", Integer.toString(f.checksum()));
        return bytes(p);
    }

    public static WorkerFrontier frontier(byte[] bytes) {
        Properties p = properties(bytes);
        return new WorkerFrontier(Long.parseLong(required(p, "execution")), Integer.parseInt(required(p, "worker")),
                Long.parseLong(required(p, "frontier")), Boolean.parseBoolean(required(p, "finished")),
                Integer.parseInt(required(p, "checksum")));
    }

    public static byte[] bytes(Properties p) {
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Properties properties(byte[] bytes) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a properties text: " + e.getMessage(), e);
        }
        return p;
    }

    private static String required(Properties p, String name) {
        String v = p.getProperty(name);
        if (v == null) {
            throw new IllegalArgumentException("missing field " + name);
        }
        return v;
    }
}
