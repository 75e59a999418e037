package dev.flowstate.io;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class StdOutSinkTest {

    @Test
    void whenBatchIsWritten_printsOneLinePerItemUsingToString() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SinkPartition<Object, ?> p = new StdOutSink<>(() -> stream).buildForWorker(0, 1);
        p.writeBatch(List.of("a", 42, List.of(1, 2)));
        p.writeBatch(List.of());
        assertThat(p.snapshot()).isNull();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("a\n42\n[1, 2]\n");
    }

    @Test
    void byDefault_printsToTheCurrentSystemOut() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            new StdOutSink<String>().buildForWorker(0, 1).writeBatch(List.of("hello"));
        } finally {
            System.setOut(original);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
    }

    @Test
    void whenWorkersWriteConcurrently_batchesNeverInterleave() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        StdOutSink<String> sink = new StdOutSink<>(() -> stream);
        int workers = 4;
        int batches = 200;
        int batchSize = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                SinkPartition<String, ?> p = sink.buildForWorker(w, workers);
                int worker = w;
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int b = 0; b < batches; b++) {
                        List<String> batch = new ArrayList<>();
                        for (int i = 0; i < batchSize; i++) {
                            batch.add("w" + worker + "-b" + b + "-i" + i + "-" + "x".repeat(100));
                        }
                        p.writeBatch(batch);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(workers * batches * batchSize);
        for (int start0 = 0; start0 < lines.length; start0 += batchSize) {
            String prefix = lines[start0].substring(0, lines[start0].indexOf("-i"));
            for (int i = 0; i < batchSize; i++) {
                assertThat(lines[start0 + i]).isEqualTo(prefix + "-i" + i + "-" + "x".repeat(100));
            }
        }
    }
}
