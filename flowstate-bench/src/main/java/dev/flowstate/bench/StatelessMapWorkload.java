package dev.flowstate.bench;

import dev.flowstate.Dataflow;

/**
 * Stateless operator chain with no exchange: map each event to its length, keep the even lengths.
 * Checksum: the sum of the kept lengths.
 */
final class StatelessMapWorkload implements Workload {

    @Override
    public String name() {
        return "stateless-map";
    }

    @Override
    public Dataflow dataflow(String[] events, int sourcePartitions, Tally tally) {
        Dataflow flow = new Dataflow("bench_stateless_map");
        flow.input("events", new ArraySource(events, sourcePartitions))
                .map("length", String::length)
                .filter("even", n -> n % 2 == 0)
                .output("out", new TallySink<Integer>(tally, n -> n));
        return flow;
    }

    @Override
    public Totals loop(String[] events) {
        long count = 0;
        long sum = 0;
        for (String e : events) {
            int n = e.length();
            if (n % 2 == 0) {
                count++;
                sum += n;
            }
        }
        return new Totals(count, sum);
    }
}
