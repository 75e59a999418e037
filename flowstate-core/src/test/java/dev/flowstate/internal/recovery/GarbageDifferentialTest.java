package dev.flowstate.internal.recovery;

import static dev.flowstate.internal.recovery.StoreFixtures.load;
import static dev.flowstate.internal.recovery.StoreFixtures.row;
import static dev.flowstate.internal.recovery.StoreFixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowstate.internal.recovery.RecoveryStore.SnapshotRow;
import dev.flowstate.recovery.Recovery;
import dev.flowstate.recovery.spi.StoreLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Garbage collection against a plain-Java model, on random histories: two store instances (two processes of a
 * cluster, each writing its own worker's keys and each collecting), random key subsets and tombstones per epoch,
 * random backup windows, crashes that leave one worker's epoch uncommitted, ends of input (every worker finished)
 * and new executions. After every step,
 * every resume the collections promise to keep must still load exactly the model's state; at the end, a full pass
 * must leave exactly one row per live key. Each history runs with the SQLite epoch log folded at every collection
 * and every third epoch (so reads overlay log and table rows of one key).
 */
class GarbageDifferentialTest {
    private static final String STEP = "count";
    private static final int WORKERS = 2;

    @TempDir
    Path dir;
    private RecoveryStore.ExecutionStart lastStart;

    private int foldEpochs;

    static Stream<Arguments> histories() {
        return LongStream.rangeClosed(1, 6).boxed()
                .flatMap(seed -> Stream.of(Arguments.of(seed, 1), Arguments.of(seed, 3)));
    }

    @ParameterizedTest(name = "seed {0}, fold every {1}")
    @MethodSource("histories")
    void randomHistories_everyKeptResumeLoadsTheModel_andAFullPassLeavesOneRowPerLiveKey(long seed, int fold) {
        foldEpochs = fold;
        SplittableRandom random = new SplittableRandom(seed);
        int partitions = 1 + random.nextInt(3);
        int keyCount = 5 + random.nextInt(60);
        Recovery.init(dir, partitions);
        // history.get(e): the model's state of every live key after epoch e was committed by all workers
        List<Map<String, String>> history = new ArrayList<>();
        history.add(Map.of());
        Map<String, String> live = new TreeMap<>();
        ProtocolStore[] stores = openBoth();
        long keptFrom = 1; // no resume before this may be asked for any more
        long epoch = 1;
        for (int step = 0; step < 60; step++, epoch++) {
            Map<String, String> next = new TreeMap<>(live);
            List<List<SnapshotRow>> byWorker = List.of(new ArrayList<>(), new ArrayList<>());
            for (int k = 0; k < keyCount; k++) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                String key = "k" + k;
                String state = random.nextInt(6) == 0 ? null : key + "@" + epoch;
                byWorker.get(StoreFixtures.routeHash(key) % WORKERS).add(row(STEP, key, state));
                if (state == null) {
                    next.remove(key);
                } else {
                    next.put(key, state);
                }
            }
            if (random.nextInt(12) == 0) {
                // A crash: worker 0's rows of this epoch are durable, worker 1's never come. The next execution
                // resumes at this epoch and must not see them.
                stores[0].commit(0, epoch, byWorker.get(0));
                closeBoth(stores);
                stores = openBoth();
                assertThat(lastStart.resumeEpoch()).isEqualTo(epoch);
                epoch--; // the epoch is redone
                step--;
                assertThat(load(stores[1], STEP, epoch + 1)).isEqualTo(live);
                continue;
            }
            // Sometimes the input ends here: both workers commit their last epoch as finished.
            boolean finishing = random.nextInt(15) == 0;
            stores[0].commit(List.of(new RecoveryStore.EpochCommit(0, epoch, byWorker.get(0), finishing)));
            stores[1].commit(List.of(new RecoveryStore.EpochCommit(1, epoch, byWorker.get(1), finishing)));
            live = next;
            history.add(Map.copyOf(live));
            for (ProtocolStore store : stores) {
                if (random.nextInt(3) == 0) {
                    long keep = epoch + 1 - random.nextInt(4);
                    store.collectGarbage(keep);
                    keptFrom = Math.max(keptFrom, Math.min(keep, epoch + 1));
                }
            }
            for (long resume = keptFrom; resume <= epoch + 1; resume++) {
                assertThat(load(stores[random.nextInt(2)], STEP, resume))
                        .as("seed %d: resume at %d after epoch %d (kept from %d)", seed, resume, epoch, keptFrom)
                        .isEqualTo(history.get((int) resume - 1));
            }
            if (finishing || random.nextInt(15) == 0) {
                closeBoth(stores); // a restart: the new execution's first collection is a full pass
                stores = openBoth();
                assertThat(lastStart.resumeEpoch()).isEqualTo(epoch + 1);
            }
        }
        closeBoth(stores);
        stores = openBoth();
        stores[1].collectGarbage(epoch); // a full pass up to the resume epoch, from the instance that did not begin
        assertThat(load(stores[0], STEP, epoch)).isEqualTo(live);
        if (fold == 1) { // else rows of the last epochs may still be in the log, beside folded ones
            assertThat(StoreFixtures.rowCount(stores[0])).as("seed %d: rows after a full pass", seed)
                    .isEqualTo(live.size());
        }
        closeBoth(stores);
    }

    /** A new execution begun by the first instance and joined by the second. */
    private ProtocolStore[] openBoth() {
        ProtocolStore first = ProtocolStore.open(dir);
        ProtocolStore second = ProtocolStore.open(StoreLocation.of(dir), false);
        for (ProtocolStore s : List.of(first, second)) {
            ((SqliteBackend) s.backend()).foldEpochs(foldEpochs);
        }
        lastStart = first.beginExecution("df", WORKERS, steps(STEP, "state"));
        second.attachExecution(lastStart.execution());
        return new ProtocolStore[] {first, second};
    }

    private static void closeBoth(ProtocolStore[] stores) {
        stores[1].close();
        stores[0].close();
    }
}
