package dev.flowstate.bench.nexmark;

import dev.flowstate.io.SourcePartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The partitioned source: partition i of p emits exactly the events n ≡ i (mod p), in order, also across a resume. */
class NexmarkSourceTest {

    @Test
    void partitionsInterleaveAndResumeExactly() throws Exception {
        NexmarkGenerator generator = new NexmarkGenerator();
        for (long events : new long[] {0, 1, 2049, 5000}) {
            for (int p : new int[] {1, 2, 3}) {
                NexmarkSource source = new NexmarkSource(events, p);
                List<String> names = source.listPartitions();
                assertThat(names).hasSize(p).isSorted();
                for (int i = 0; i < p; i++) {
                    List<Event> seen = new ArrayList<>();
                    SourcePartition<Event, Long> first = source.buildPartition(names.get(i), null);
                    first.nextBatch(seen::add);
                    SourcePartition<Event, Long> resumed = source.buildPartition(names.get(i), first.snapshot());
                    while (resumed.nextBatch(seen::add)) {
                        assertThat(seen.size()).isLessThanOrEqualTo((int) events);
                    }
                    List<Event> expected = new ArrayList<>();
                    for (long n = i; n < events; n += p) {
                        expected.add(generator.event(n));
                    }
                    assertThat(seen).as("N=%d p=%d partition %d", events, p, i).isEqualTo(expected);
                }
            }
        }
    }
}
