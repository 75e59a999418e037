package dev.flowstate.io;

import dev.flowstate.Dataflow;
import dev.flowstate.Stream;
import dev.flowstate.testing.TestingSink;
import dev.flowstate.testing.TestingSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The snippets of docs/connectors.md, kept compiling against the real fluent API (building only, no run). */
class ConnectorUsageTest {
    record Trade(String id, double price) {
    }

    @Test
    void documentedSnippets_typeCheckAgainstTheDataflowApi() {
        Dataflow flow = new Dataflow("docs");
        Stream<String> lines = flow.input("lines", new FileSource(Path.of("input.txt")));
        Stream<String> logs = flow.input("logs", new DirSource(Path.of("logs"), "*.log"));
        Stream<Map<String, String>> rows = flow.input("trades", new CsvSource(Path.of("trades.csv"), ';', 500));
        Stream<Double> prices = rows.map("price", row -> Double.parseDouble(row.get("price")));
        Stream<String> polled = flow.input("poll", new PollingSource<>(Duration.ofSeconds(30), () -> "tick"));
        Stream<String> hourly = flow.input("hourly",
                new PollingSource<>(Duration.ofHours(1), Instant.parse("2024-01-01T00:00:00Z"), () -> "report"));
        Stream<Trade> trades = prices.map("trade", p -> new Trade("t", p));

        lines.output("out", new FileSink<>(Path.of("out/result.txt")));
        trades.output("csv", FileSink.of(Path.of("out/trades.csv"), (Trade t) -> t.id() + "," + t.price()));
        logs.output("print", new StdOutSink<>());
        prices.output("print_prices", new StdOutSink<>());

        List<Integer> out = new ArrayList<>();
        flow.input("in", new TestingSource<Integer>(List.of(1, 2, 3)))
                .map("double", x -> x * 2)
                .output("collect", new TestingSink<>(out));
        List<Object> any = new ArrayList<>();
        polled.output("collect_polled", new TestingSink<>(any));
        hourly.output("collect_hourly", new TestingSink<>(any));

        assertThat(flow.name()).isEqualTo("docs");
    }
}
