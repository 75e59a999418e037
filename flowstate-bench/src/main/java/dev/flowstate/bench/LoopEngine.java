package dev.flowstate.bench;

/** The baseline: the workload's plain Java loop on the calling thread. */
final class LoopEngine implements Engine {

    @Override
    public String name() {
        return "loop";
    }

    @Override
    public int workers() {
        return 1;
    }

    @Override
    public Measurement run(Workload workload, String[] events) {
        long start = System.nanoTime();
        Totals totals = workload.loop(events);
        return new Measurement(totals, System.nanoTime() - start);
    }
}
