package dev.flowstate.recovery.spi;

import java.util.List;
import java.util.Objects;

/**
 * One worker's snapshot of one epoch: its rows (all with the same epoch) and the frontier that becomes true once
 * they are durable ({@code frontier.frontier() == epoch + 1}).
 *
 * @param epoch    the epoch of every row
 * @param rows     the rows; may be empty (the worker had no changes, its frontier still moves)
 * @param frontier the worker's new frontier
 */
public record EpochWrite(long epoch, List<StoredRow> rows, WorkerFrontier frontier) {
    public EpochWrite {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(frontier, "frontier");
    }
}
