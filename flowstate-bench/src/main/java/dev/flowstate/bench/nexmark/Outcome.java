package dev.flowstate.bench.nexmark;

/** What a query produced: its row count and checksum (NEXMARK.md §2). Equal outcomes mean the engines agree. */
public record Outcome(long outputs, long checksum) {

    @Override
    public String toString() {
        return "checksum=" + checksum + " outputs=" + outputs;
    }
}
