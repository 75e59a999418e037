package dev.flowstate.io;

import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives a source and a sink partition through epochs, a crash and a resume the way the engine will (snapshot both
 * at each epoch close, rebuild both from the last saved pair), to check the connectors' end-to-end contract.
 */
class ExactlyOnceTest {
    @TempDir
    Path dir;

    /** The states saved at the last epoch close. */
    private Integer savedSource;
    private Long savedSink;

    /** Runs epochs of one batch each until the source is exhausted or throws. */
    private void run(TestingSource<String> source, FileSink<String> sink) throws Exception {
        try (SourcePartition<String, Integer> in = source.buildPartition("0", savedSource);
             SinkPartition<String, Long> out = sink.buildPartition(sink.listPartitions().get(0), savedSink)) {
            boolean more = true;
            while (more) {
                List<String> batch = new ArrayList<>();
                more = in.nextBatch(batch::add);
                out.writeBatch(batch);
                savedSink = out.snapshot(); // epoch close: the sink first, then the source's position
                savedSource = in.snapshot();
            }
        }
    }

    @Test
    void whenCrashedAndResumed_fileSinkHoldsEveryItemExactlyOnce() throws Exception {
        List<Object> items = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> items.add("item-" + i));
        items.add(7, TestingSource.ABORT);
        TestingSource<String> source = TestingSource.withMarkers(items, 3);
        FileSink<String> sink = new FileSink<>(dir.resolve("out.txt"));

        assertThatThrownBy(() -> run(source, sink)).isInstanceOf(TestingSource.AbortException.class);
        run(source, sink);

        String expected = IntStream.range(0, 10).mapToObj(i -> "item-" + i + "\n").collect(Collectors.joining());
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo(expected);
    }

    @Test
    void whenOutputWasWrittenAfterTheLastSnapshot_resumeCutsItOff() throws Exception {
        TestingSource<String> source = new TestingSource<>(List.of("a", "b", "c", "d"), 2);
        FileSink<String> sink = new FileSink<>(dir.resolve("out.txt"));
        try (SourcePartition<String, Integer> in = source.buildPartition("0", null);
             SinkPartition<String, Long> out = sink.buildPartition(sink.listPartitions().get(0), null)) {
            List<String> batch = new ArrayList<>();
            in.nextBatch(batch::add);
            out.writeBatch(batch);
            savedSink = out.snapshot();
            savedSource = in.snapshot();
            batch.clear();
            in.nextBatch(batch::add);
            out.writeBatch(batch);
            out.snapshot(); // durable on disk, but the crash comes before this epoch's states are recorded
        }
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).containsExactly("a", "b", "c", "d");

        run(source, sink);
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).containsExactly("a", "b", "c", "d");
    }
}
