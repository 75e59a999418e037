/**
 * The recovery store SPI: the narrow contract a storage backend (SQLite files, Kafka topics, object storage, ...)
 * implements so that Flowstate can save and resume state in it.
 *
 * <p>A backend only stores and returns what it is given. Everything that is the recovery <em>protocol</em> (which
 * epoch to resume at, the execution history, the store's identity checks, garbage-collection policy, the run lock
 * policy, checksums, filtering rows by route hash when the worker count changes, and every refusal message) lives
 * once in Flowstate's protocol layer above this SPI, and is the same for every backend.
 *
 * <p>A backend is found by the scheme of the store's name ({@link StoreLocation#scheme()}) with
 * {@link java.util.ServiceLoader}: put a {@link RecoveryBackendProvider} implementation in
 * {@code META-INF/services/dev.flowstate.recovery.spi.RecoveryBackendProvider}. The SQLite backend (scheme
 * {@code file}, used for plain paths) ships in flowstate-core.
 *
 * <h2>Data model</h2>
 * <ul>
 * <li>Epochs are positive longs. A {@link StoredRow} written at epoch {@code e} holds the state of one key of one
 *     step as of the end of epoch {@code e}; a null state is a tombstone. (step, key, epoch) identifies a row;
 *     writing the same triple again replaces it.
 * <li>An execution is one run of a cluster on the store ({@link ExecutionRecord}); each of its workers has a
 *     frontier ({@link WorkerFrontier}): the first epoch that worker has not made durable.
 * <li>The store's identity ({@link StoreIdentity}) is one small record: store id, format version, dataflow name,
 *     stateful steps, layout.
 * </ul>
 *
 * <h2>Errors</h2>
 * Every failure a backend reports is a {@link RecoveryBackendException} whose {@link RecoveryBackendException.Kind}
 * says what kind of failure it is and whose {@code where} names the file, object or topic involved; the protocol
 * layer turns it into the one-line message users see. Backends must never let a raw driver exception escape and
 * must keep the underlying cause attached.
 *
 * <p>See {@code docs/recovery-store.md} for the full contract and the atomicity argument.
 */
package dev.flowstate.recovery.spi;
