package dev.flowstate.faults;

import dev.flowstate.examples.WordCount;

import java.util.Arrays;

/**
 * Runs the {@link WordCount} example with recovery on, for when the {@code flowstate run} CLI
 * ({@code dev.flowstate.cli.Main}) is not on the class path:
 *
 * <pre>java -cp CP dev.flowstate.faults.WordCountJob WORKERS RECOVERY_DIR EPOCH -- --input IN --output OUT</pre>
 *
 * Exit codes as {@link FaultJob}.
 */
public final class WordCountJob {
    private WordCountJob() {
    }

    public static void main(String[] args) {
        if (args.length < 4 || !"--".equals(args[3])) {
            System.err.println("usage: WordCountJob WORKERS RECOVERY_DIR EPOCH -- WORDCOUNT_ARGS");
            System.exit(2);
        }
        var config = FaultJob.runConfig(Integer.parseInt(args[0]), FaultJob.parseDuration(args[2]), args[1]);
        System.exit(FaultJob.runAndReport(WordCount.flow(Arrays.copyOfRange(args, 4, args.length)), config));
    }
}
