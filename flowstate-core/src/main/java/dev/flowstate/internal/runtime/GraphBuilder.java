package dev.flowstate.internal.runtime;

import dev.flowstate.internal.metrics.RunMetrics;
import dev.flowstate.internal.metrics.StepCounters;
import dev.flowstate.internal.plan.Exchange;
import dev.flowstate.internal.plan.Plan;
import dev.flowstate.internal.plan.StepSpec;
import dev.flowstate.internal.recovery.RecoveryStore;
import dev.flowstate.internal.state.KeyedState;
import dev.flowstate.io.PartitionedSink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Instantiates a plan on one worker: a node per step, fused by direct calls, with an exchange (sender, channels,
 * receiver) in front of every step that needs its items on a particular worker: stateful steps (by key),
 * redistribute (round-robin) and partitioned sinks (by partition owner). Runs on the worker's own thread, so opening
 * partitions and restoring state happen in parallel on all workers.
 */
final class GraphBuilder {
    static final int BATCH_SIZE = 1024;
    static final int CHANNEL_CAPACITY = 128;

    private final Plan plan;
    private final int workers;
    private final Map<StepSpec, Integer> exchangeOf = new HashMap<>();
    /** channels[exchange][src][dst]; null where src == dst. */
    private final Channel[][][] channels;
    private final PartitionOpener opener;
    private final RecoveryStore store;
    private final long resumeEpoch;
    /** Null unless the run has observers: then every step is wrapped in {@link MeteredNodes}. */
    private RunMetrics metrics;
    /** The metering wrappers' factory; null exactly when {@link #metrics} is. */
    private MeteredNodes metered;

    GraphBuilder(Plan plan, int workers, Parker[] parkers, PartitionOpener opener, RecoveryStore store, long resumeEpoch) {
        this(plan, workers, parkers, opener, store, resumeEpoch, null);
    }

    /**
     * {@code parkers} is indexed by global worker index and null for workers of other processes; channels between
     * a local and a remote worker come from {@code link}, channels between two remote workers are not built.
     */
    GraphBuilder(Plan plan, int workers, Parker[] parkers, PartitionOpener opener, RecoveryStore store, long resumeEpoch,
                 ClusterLink link) {
        this.plan = plan;
        this.workers = workers;
        this.opener = opener;
        this.store = store;
        this.resumeEpoch = resumeEpoch;
        for (StepSpec s : plan.steps()) {
            if (needsExchange(s)) {
                exchangeOf.put(s, exchangeOf.size());
            }
        }
        channels = new Channel[exchangeOf.size()][workers][workers];
        String[] stepOf = new String[exchangeOf.size()];
        exchangeOf.forEach((step, x) -> stepOf[x] = step.id());
        for (int xi = 0; xi < channels.length; xi++) {
            Channel[][] x = channels[xi];
            for (int src = 0; src < workers; src++) {
                for (int dst = 0; dst < workers; dst++) {
                    Parker ps = parkers[src];
                    Parker pd = parkers[dst];
                    if (src == dst || (ps == null && pd == null)) {
                        continue;
                    }
                    if (ps != null && pd != null) {
                        x[src][dst] = new LocalChannel(CHANNEL_CAPACITY, ps, pd);
                    } else if (ps != null) {
                        x[src][dst] = link.outbound(stepOf[xi], xi, src, dst, ps::unpark);
                    } else {
                        x[src][dst] = link.inbound(xi, src, dst, pd::unpark);
                    }
                }
            }
        }
    }

    static boolean needsExchange(StepSpec s) {
        return Exchange.before(s) != null;
    }

    /** Counts items in and out of every step, and input partitions, into {@code metrics}. */
    void setMetrics(RunMetrics metrics) {
        this.metrics = metrics;
        this.metered = metrics == null ? null : new MeteredNodes();
    }

    /** Builds every node of {@code worker} and registers sources, exchanges, stateful nodes and sinks with it. */
    void build(Worker worker) {
        Map<StepSpec, Node> inputOf = new HashMap<>();
        Map<StepSpec, ExchangeSender> timedSenders = new HashMap<>();
        ExchangeSender[] senders = new ExchangeSender[exchangeOf.size()];
        ExchangeReceiver[] receivers = new ExchangeReceiver[exchangeOf.size()];
        List<StepSpec> reversed = new ArrayList<>(plan.steps());
        java.util.Collections.reverse(reversed);
        for (StepSpec step : reversed) {
            Node entry = entryNode(step, worker, inputOf);
            if (metrics != null && entry != null) {
                entry = metered.entry(metrics.step(worker.meter, step.id(), step.kind()), worker.meter, entry);
            }
            Integer x = exchangeOf.get(step);
            if (x != null) {
                ExchangeReceiver receiver = new ExchangeReceiver(step.id(), workers, worker);
                receiver.setDownstream(entry);
                for (int src = 0; src < workers; src++) {
                    if (src != worker.index()) {
                        receiver.connect(src, channels[x][src][worker.index()]);
                    }
                }
                Channel[] out = Arrays.copyOf(channels[x][worker.index()], workers);
                ExchangeSender sender = new ExchangeSender(step.id(), worker.index(), router(step, worker.index()),
                        out, receiver, worker, BATCH_SIZE);
                senders[x] = sender;
                worker.meter.addBacklog(sender::backlogged);
                receivers[x] = receiver;
                entry = sender;
                if (step instanceof StepSpec.Stateful st && st.time() != null) {
                    timedSenders.put(step, sender);
                }
            }
            if (entry != null) {
                inputOf.put(step, entry);
            }
        }
        worker.senders.addAll(Arrays.asList(senders));
        worker.receivers.addAll(Arrays.asList(receivers));
        int origin = 0;
        for (SourceDriver s : worker.sources) {
            s.bindOrigins(worker, origin);
            origin += s.names().size();
        }
        timedSenders.forEach((step, sender) -> sender.applyClock(clockLanes((StepSpec.Stateful) step, worker),
                worker.snapshotRows));
    }

    /**
     * The clock lanes of a timed step on {@code worker}: one per partition of every input that reaches the step
     * through stateless steps only, plus the lane for other items if a stateful step or redistribute lies between
     * an input and the step. Restored from the store when resuming.
     */
    private ClockLanes clockLanes(StepSpec.Stateful step, Worker worker) {
        ClockLanes lanes = new ClockLanes(step.id(), step.time(), worker.index());
        java.util.Set<String> inputs = new java.util.HashSet<>();
        if (upstreamInputs(step.input().step(), inputs)) {
            lanes.addOther();
        }
        int origin = 0;
        for (SourceDriver s : worker.sources) {
            if (inputs.contains(s.stepId())) {
                for (int i = 0; i < s.names().size(); i++) {
                    lanes.addPartition(s, i, origin + i);
                }
            }
            origin += s.names().size();
        }
        if (store != null) {
            Map<String, long[]> saved = new HashMap<>();
            try {
                store.loadKeyedStates(step.id() + ClockLanes.SUFFIX, resumeEpoch, 1, 0, (key, bytes) -> saved.put(
                        new String(key, java.nio.charset.StandardCharsets.UTF_8),
                        (long[]) dev.flowstate.internal.serde.KryoSerde.INSTANCE.fromBytes(bytes)));
            } catch (RuntimeException e) {
                throw new StepException(step.id(), "restoring saved watermarks failed", e);
            }
            lanes.restore(saved);
        }
        return lanes;
    }

    /** Collects the inputs reaching {@code step} through stateless steps; true if something else feeds it too. */
    private static boolean upstreamInputs(StepSpec step, java.util.Set<String> inputs) {
        if (step instanceof StepSpec.Input) {
            inputs.add(step.id());
            return false;
        }
        if (step instanceof StepSpec.Stateful || step instanceof StepSpec.Redistribute) {
            return true;
        }
        boolean other = false;
        for (dev.flowstate.internal.plan.Port p : step.inputs()) {
            other |= upstreamInputs(p.step(), inputs);
        }
        return other;
    }

    private Node entryNode(StepSpec step, Worker worker, Map<StepSpec, Node> inputOf) {
        if (step instanceof StepSpec.Input in) {
            SourceDriver source = opener.openSource(in, worker, downstream(step, 0, inputOf, worker));
            if (metrics != null) {
                source.meter(metrics, metrics.step(worker.meter, step.id(), step.kind()));
            }
            worker.sources.add(0, source);
            return null;
        } else if (step instanceof StepSpec.Op op) {
            return new OpNode(op.id(), op.op(), downstream(step, 0, inputOf, worker), worker);
        } else if (step instanceof StepSpec.Branch b) {
            return new BranchNode(b.id(), b.predicate(), downstream(step, 0, inputOf, worker), downstream(step, 1, inputOf, worker));
        } else if (step instanceof StepSpec.Merge m) {
            return new MergeNode(downstream(step, 0, inputOf, worker), m.inputs().size());
        } else if (step instanceof StepSpec.Redistribute) {
            return downstream(step, 0, inputOf, worker);
        } else if (step instanceof StepSpec.Stateful st) {
            return statefulNode(st, worker, downstream(step, 0, inputOf, worker));
        } else if (step instanceof StepSpec.Output out) {
            SinkNode sink = opener.openSink(out, worker);
            worker.sinks.add(sink);
            return sink;
        }
        throw new IllegalStateException("unknown step " + step);
    }

    private Node statefulNode(StepSpec.Stateful st, Worker worker, Node downstream) {
        KeyedState state = new KeyedState(st.id(), worker.snapshotRows != null, st.stateSerde());
        if (store != null) {
            try {
                store.loadKeyedStates(st.id(), resumeEpoch, workers, worker.index(),
                        (key, bytes) -> state.restore(key, bytes, st.builder()));
            } catch (RuntimeException e) {
                throw new StepException(st.id(), "restoring saved state failed", e);
            }
        }
        StatefulNode node = new StatefulNode(st.id(), st.builder(), state, downstream, worker, worker.snapshotRows,
                st.time());
        worker.statefulNodes.add(0, node); // built last-to-first: keep upstream steps first
        return node;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Router router(StepSpec step, int self) {
        if (step instanceof StepSpec.Stateful) {
            return Router.byKey(workers);
        } else if (step instanceof StepSpec.Redistribute) {
            return Router.roundRobin(workers, self);
        } else if (step instanceof StepSpec.Output out) {
            PartitionedSink sink = (PartitionedSink) out.sink();
            return Router.bySinkPartition(sink, opener.sinkPartitionCount(out), workers);
        }
        throw new IllegalStateException("no exchange before " + step.kind());
    }

    /** Where {@code step}'s output {@code port} goes, counted as the step's items out when metered. */
    private Node downstream(StepSpec step, int port, Map<StepSpec, Node> inputOf, Worker worker) {
        Node next = downstream(step, port, inputOf);
        if (metrics == null) {
            return next;
        }
        StepCounters counters = metrics.step(worker.meter, step.id(), step.kind());
        List<StepSpec> consumers = plan.consumers(step, port);
        if (next instanceof MeteredNodes.Entry entry && consumers.get(0).inputs().size() == 1) {
            // Fused with one step that reads only this stream: what this one emits, that one receives.
            counters.addOutFrom(entry.itemsIn());
            return next;
        }
        return metered.exit(counters, next);
    }

    private Node downstream(StepSpec step, int port, Map<StepSpec, Node> inputOf) {
        List<StepSpec> consumers = plan.consumers(step, port);
        if (consumers.isEmpty()) {
            return DropNode.INSTANCE;
        }
        List<Node> nodes = new ArrayList<>();
        Map<StepSpec, Integer> seen = new HashMap<>();
        for (StepSpec c : consumers) {
            Node target = inputOf.get(c);
            MeteredNodes.Entry entry = target instanceof MeteredNodes.Entry e ? e : null;
            if (!((entry != null ? entry.step() : target) instanceof MergeNode merge)) {
                nodes.add(target);
            } else {
                // The k-th time this port feeds the merge is the merge's k-th input listing it.
                int k = seen.merge(c, 1, Integer::sum);
                List<dev.flowstate.internal.plan.Port> ins = c.inputs();
                dev.flowstate.internal.plan.Port me = new dev.flowstate.internal.plan.Port(step, port);
                for (int i = 0; i < ins.size(); i++) {
                    if (ins.get(i).equals(me) && --k == 0) {
                        // Each input tells the merge which one delivered a control message: count in front of it.
                        nodes.add(entry != null ? metered.around(entry, merge.input(i)) : merge.input(i));
                        break;
                    }
                }
            }
        }
        return nodes.size() == 1 ? nodes.get(0) : new FanOutNode(nodes);
    }
}
