package dev.flowstate.recovery.spi;

/** Receives rows read from a backend, one call per row, on the reading thread. */
@FunctionalInterface
public interface RowConsumer {
    void accept(StoredRow row);
}
