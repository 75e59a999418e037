package dev.flowstate.cluster;

import dev.flowstate.Flowstate;
import dev.flowstate.KeyValue;
import dev.flowstate.RunConfig;
import dev.flowstate.RunView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import static org.assertj.core.api.Assertions.assertThat;

/** What observers of a cluster run see of the traffic between its processes. */
@Timeout(120)
class ClusterMetricsTest {
    @Test
    void eachProcessCountsBytesAndFramesToAndFromItsPeer() throws Exception {
        List<String> addresses = ClusterTest.freeAddresses(2);
        List<KeyValue<String, Long>> out = Collections.synchronizedList(new ArrayList<>());
        AtomicReferenceArray<RunView> views = new AtomicReferenceArray<>(2);
        List<Throwable> failures = ClusterTest.runProcesses(2, id -> Flowstate.clusterMain(
                ClusterTest.keyedCount("kc", 20_000, -1, out), addresses, id,
                RunConfig.defaults().withWorkers(1).withEpochInterval(Duration.ofMillis(50))
                        .withObserver(run -> views.set(id, run)), null, Duration.ofSeconds(20)));
        assertThat(failures).containsOnlyNulls();

        for (int p = 0; p < 2; p++) {
            RunView v = views.get(p);
            assertThat(v.processId()).isEqualTo(p);
            assertThat(v.processes()).isEqualTo(2);
            assertThat(v.totalWorkers()).isEqualTo(2);
            RunView.Peer peer = v.peers().get(0);
            assertThat(v.peers()).hasSize(1);
            assertThat(peer.processId()).isEqualTo(1 - p);
            assertThat(peer.address()).isEqualTo(addresses.get(1 - p));
            // Half the keys live on the other process: item batches went both ways.
            assertThat(peer.framesSent()).isPositive();
            assertThat(peer.bytesSent()).isGreaterThan(peer.framesSent());
            assertThat(peer.framesReceived()).isPositive();
            assertThat(peer.creditWaitNanos()).isNotNegative();
        }
        // What one side received, the other sent (a frame in flight at the end may be missing).
        assertThat(views.get(1).peers().get(0).bytesReceived()).isBetween(1L, views.get(0).peers().get(0).bytesSent());
        assertThat(views.get(0).peers().get(0).bytesReceived()).isBetween(1L, views.get(1).peers().get(0).bytesSent());
        long in = 0;
        for (int p = 0; p < 2; p++) {
            in += views.get(p).steps().stream().filter(s -> s.stepId().equals("count")).mapToLong(RunView.Step::itemsIn).sum();
        }
        assertThat(in).isEqualTo(20_000);
    }
}
