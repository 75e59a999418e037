package dev.flowstate.cli;

import dev.flowstate.ClusterConfig;
import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.io.LostOutput;
import dev.flowstate.recovery.RecoveryConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/** {@code flowstate run}: builds a dataflow from a class's static method and runs it until its inputs end. */
@Command(name = "run", sortOptions = false, usageHelpAutoWidth = true,
        description = "Build a dataflow by calling CLASS's static METHOD and run it until every input ends.",
        footer = {"", "Example:",
                "  flowstate run dev.flowstate.examples.WordCount -w 2 -- \\",
                "      --input in.txt --output counts.tsv"})
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    FlowOptions flow;

    @Option(names = {"-w", "--workers"}, paramLabel = "N", defaultValue = "1",
            description = "Worker threads (default: ${DEFAULT-VALUE}). Env: FLOWSTATE_WORKERS.")
    int workers;

    @Option(names = {"-s", "--snapshot-interval"}, paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "How often inputs close an epoch and state is snapshotted, e.g. 500ms, 10s, 2m, PT1M "
                    + "(default: 10s). Env: FLOWSTATE_SNAPSHOT_INTERVAL.")
    Duration snapshotInterval;

    @Option(names = {"-r", "--recovery-dir", "--recovery"}, paramLabel = "STORE",
            description = "Save state to, and resume from, this recovery store (made by 'flowstate recovery init'): a "
                    + "directory (SQLite files), kafka://HOST:PORT[,HOST:PORT]/PREFIX or s3://BUCKET/PREFIX. "
                    + "Default: no recovery. Env: FLOWSTATE_RECOVERY_DIR.")
    String recoveryStore;

    @Option(names = "--store-option", paramLabel = "NAME=VALUE",
            description = "A recovery store option, e.g. region=eu-west-1 or endpoint=http://127.0.0.1:9000 for s3:// "
                    + "stores (repeatable; wins over the store URI's ?NAME=VALUE parameters).")
    Map<String, String> storeOptions = new LinkedHashMap<>();

    @Option(names = {"-b", "--backup-interval"}, paramLabel = "DURATION", defaultValue = "0s", converter = Durations.class,
            description = "How long superseded snapshots are kept in the recovery directory (default: 0s). "
                    + "Env: FLOWSTATE_BACKUP_INTERVAL.")
    Duration backupInterval;

    @Option(names = "--accept-lost-output",
            description = "Continue when a sink finds that output of an epoch the recovery store committed is lost (e.g. "
                    + "a Kafka transaction the broker aborted while the job was down) instead of failing; the loss is "
                    + "logged and 'flowstate recovery inspect' lists the lost epochs. Default: fail. "
                    + "Env: FLOWSTATE_ACCEPT_LOST_OUTPUT.")
    boolean acceptLostOutput;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    private final BiConsumer<Dataflow, RunConfig> runner;

    /** @param runner what runs the built dataflow: {@code Flowstate::run}, or a recorder in tests */
    RunCommand(BiConsumer<Dataflow, RunConfig> runner) {
        this.runner = runner;
    }

    @Override
    public Integer call() {
        cluster.validate();
        RunConfig config = config();
        if (cluster.isSpawner()) {
            return LocalCluster.spawn(cluster.processes, spec.commandLine().getParseResult().originalArgs());
        }
        ClusterConfig clusterConfig = cluster.isMember() ? cluster.clusterConfig() : null;
        if (acceptLostOutput) {
            // Sinks read it when they are configured (LostOutput.acceptedByDefault), so set it before building.
            System.setProperty(LostOutput.ACCEPT_PROPERTY, "true");
            LOG.warn("--accept-lost-output: a sink that finds an epoch's output lost continues past it (the loss is "
                    + "logged and recorded for 'flowstate recovery inspect')");
        }
        try (FlowLoader loader = FlowLoader.open(flow.classpath)) {
            Dataflow dataflow = loader.build(flow.reference(), flow.args);
            try {
                if (cluster.isMember()) {
                    Flowstate.clusterMain(dataflow, cluster.addressList(), cluster.processId, config, clusterConfig);
                } else {
                    runner.accept(dataflow, config);
                }
            } catch (DataflowException e) {
                throw CliException.failure("dataflow '" + dataflow.name() + "' failed: " + e.getMessage(), e);
            }
        }
        return 0;
    }

    private RunConfig config() {
        if (workers < 1) {
            throw CliException.usage("--workers must be at least 1, was " + workers);
        }
        if (snapshotInterval.isNegative() || snapshotInterval.isZero()) {
            throw CliException.usage("--snapshot-interval must be positive, was " + Durations.format(snapshotInterval));
        }
        if (backupInterval.isNegative()) {
            throw CliException.usage("--backup-interval must not be negative, was " + backupInterval);
        }
        RecoveryConfig recovery;
        try {
            recovery = recoveryStore == null ? null : new RecoveryConfig(recoveryStore, backupInterval, storeOptions);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("-r: " + e.getMessage(), e);
        }
        return RunConfig.defaults().withWorkers(workers).withEpochInterval(snapshotInterval).withRecovery(recovery);
    }
}
