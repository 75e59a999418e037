package dev.flowstate.internal.cluster;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowException;
import dev.flowstate.Flowstate;
import dev.flowstate.RunConfig;
import dev.flowstate.internal.plan.Plan;
import dev.flowstate.internal.runtime.Message;
import dev.flowstate.io.ManualInput;
import dev.flowstate.testing.TestingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class TransportTest {
    @Test
    void aRemoteChannelHoldsAtMostItsCapacityInFlight_andCreditsWakeTheSender() throws Exception {
        try (ServerSocket server = new ServerSocket(0); Socket a = new Socket("127.0.0.1", server.getLocalPort());
             Socket b = server.accept()) {
            Peer peer = new Peer(1, "test", a, 1 << 20);
            AtomicInteger wakes = new AtomicInteger();
            RemoteOutChannel c = new RemoteOutChannel("step", 0, 0, 1, 32, peer, wakes::incrementAndGet);
            for (int i = 0; i < 32; i++) {
                assertThat(c.offer(new Message.Barrier(i + 1, false))).isTrue();
            }
            assertThat(c.offer(new Message.Barrier(33, false))).as("the 33rd message waits").isFalse();
            c.credit(1);
            assertThat(wakes.get()).as("a credit wakes the waiting sender").isEqualTo(1);
            assertThat(c.offer(new Message.Barrier(33, false))).isTrue();
            assertThat(c.offer(new Message.Barrier(34, false))).isFalse();
        }
    }

    @Test
    void aPeerThatGoesSilent_isDeclaredLost_insteadOfHanging() throws Exception {
        List<String> addresses = new ArrayList<>();
        try (ServerSocket s0 = new ServerSocket(0); ServerSocket s1 = new ServerSocket(0)) {
            addresses.add("127.0.0.1:" + s0.getLocalPort());
            addresses.add("127.0.0.1:" + s1.getLocalPort());
        }
        Dataflow flow = new Dataflow("endless");
        flow.input("in", ManualInput.<Long>of((w, n, state) -> new Iterator<>() {
                    long i = w;

                    public boolean hasNext() {
                        return true;
                    }

                    public ManualInput.Resumable<Long> next() {
                        i += n;
                        return new ManualInput.Resumable<>(i, i);
                    }
                }))
                .keyOn("key", i -> "k" + (i % 10))
                .countFinal("count")
                .output("out", new TestingSink<>(new ArrayList<>()));
        CompletableFuture<Throwable> p0 = CompletableFuture.supplyAsync(() -> {
            try {
                Flowstate.clusterMain(flow, addresses, 0, RunConfig.defaults().withEpochInterval(Duration.ofMillis(50)),
                        null, Duration.ofSeconds(10));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        // Process 1 connects and handshakes, then its writer stops (as if the host froze): no frames, no heartbeats.
        ClusterTransport p1 = ClusterTransport.connect(addresses, 1, 1, Plan.of(flow).fingerprint(), null,
                Duration.ofSeconds(10));
        Field peersField = ClusterTransport.class.getDeclaredField("peers");
        peersField.setAccessible(true);
        Peer toZero = ((Peer[]) peersField.get(p1))[0];
        Field writerField = Peer.class.getDeclaredField("writer");
        writerField.setAccessible(true);
        ((Thread) writerField.get(toZero)).interrupt();
        long t0 = System.nanoTime();
        Throwable failure = p0.get(40, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertThat(failure).isInstanceOf(DataflowException.class)
                .hasMessageContaining("lost connection to process 1 (" + addresses.get(1) + ")")
                .hasMessageContaining("no frame (not even a heartbeat) for 15 s");
        assertThat(seconds).isBetween(10L, 25L);
        toZero.socket.close();
    }
}
