package dev.flowstate.internal.recovery;

import static dev.flowstate.internal.recovery.StoreFixtures.load;
import static dev.flowstate.internal.recovery.StoreFixtures.row;
import static dev.flowstate.internal.recovery.StoreFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.spi.StoreLocation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8 items 4 and 5: a store belongs to one dataflow; one run at a time, and a killed holder never blocks. */
class StoreIdentityAndLockTest {
    @TempDir
    Path dir;

    @Test
    void anotherDataflow_isRefusedNamingBoth_andNothingChanges() {
        Recovery.init(dir, 2);
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("wordcount", 2, steps("count", "state"));
            store.commit(0, 1, List.of(row("count", "a", "1")));
            store.commit(1, 1, List.of(row("count", "b", "2")));
        }
        long rowsBefore;
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            rowsBefore = StoreFixtures.rowCount(store);
            assertThatThrownBy(() -> store.beginExecution("billing", 2, steps("total", "state")))
                    .isInstanceOf(RecoveryStoreException.class)
                    .hasMessageContaining("belongs to dataflow 'wordcount', not to 'billing'")
                    .hasMessageContaining("Nothing was read or written");
            assertThat(StoreFixtures.rowCount(store)).isEqualTo(rowsBefore);
        }
        assertThat(Recovery.inspect(dir).executions()).hasSize(1);
        assertThat(Recovery.inspect(dir).dataflow()).isEqualTo("wordcount");
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            long resume = store.beginExecution("wordcount", 2, steps("count", "state")).resumeEpoch();
            assertThat(load(store, "count", resume)).containsOnly(entry("a", "1"), entry("b", "2"));
        }
    }

    @Test
    void addingSteps_stillWorks_andIsRecorded() {
        Recovery.init(dir, 1);
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state"));
            store.commit(0, 1, List.of(row("count", "a", "1")));
        }
        try (ProtocolStore store = ProtocolStore.open(dir)) {
            store.beginExecution("df", 1, steps("count", "state", "sum", "state", "in", "source"));
        }
        assertThat(Recovery.inspect(dir).keysPerStep()).containsKeys("count", "sum", "in");
    }

    @Test
    void secondRun_isRefusedAtOnce_namingTheHolder_andAfterReleaseTheNextRunProceeds() {
        Recovery.init(dir, 2);
        long pid = ProcessHandle.current().pid();
        try (ProtocolStore first = ProtocolStore.open(dir)) {
            assertThatThrownBy(() -> ProtocolStore.open(dir))
                    .isInstanceOf(RecoveryStoreException.class)
                    .hasMessageContaining("is in use by another run (pid " + pid + " on ")
                    .hasMessageContaining(" since ")
                    .hasMessageContaining("a killed run releases the store by itself");
            // the other processes of the same run attach without the lock
            try (ProtocolStore attached = ProtocolStore.open(StoreLocation.of(dir), false)) {
                first.beginExecution("df", 2, steps("count", "state"));
                assertThat(attached.attachExecution(1).execution()).isEqualTo(1);
            }
            // inspect reads without locking
            assertThat(Recovery.inspect(dir).executions()).hasSize(1);
        }
        try (ProtocolStore next = ProtocolStore.open(dir)) {
            assertThat(next.beginExecution("df", 2, steps("count", "state")).execution()).isEqualTo(2);
        }
    }

    @Test
    void aKilledHolder_neverBlocksTheNextRun() throws Exception {
        Recovery.init(dir, 1);
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), LockHolderMain.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals(LockHolderMain.READY)) {
                // skip log lines until the child holds the lock
            }
            assertThat(line).as("child process output ended before it held the lock").isEqualTo(LockHolderMain.READY);
            assertThatThrownBy(() -> ProtocolStore.open(dir))
                    .hasMessageContaining("in use by another run (pid " + holder.pid() + " on ");
        } finally {
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no release
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        try (ProtocolStore next = ProtocolStore.open(dir)) {
            assertThat(next.beginExecution("df", 1, steps("count", "state")).execution()).isEqualTo(1);
        }
    }
}
