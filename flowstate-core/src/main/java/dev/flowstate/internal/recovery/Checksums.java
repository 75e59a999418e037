package dev.flowstate.internal.recovery;

import dev.flowstate.recovery.spi.StoredRow;
import dev.flowstate.recovery.spi.WorkerFrontier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * CRC32C checksums of what the protocol layer stores, computed before a backend sees it and checked after it
 * returns it: a flipped byte anywhere in a row (step, key, epoch, route hash, state) or a frontier record is
 * found on load instead of being resumed from.
 */
final class Checksums {
    private Checksums() {
    }

    static int of(String stepId, byte[] key, long epoch, int routeHash, byte[] state) {
        CRC32C crc = new CRC32C();
        byte[] step = stepId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer head = ByteBuffer.allocate(4 + 4 + 8 + 4 + 4);
        head.putInt(step.length).putInt(key.length).putLong(epoch).putInt(routeHash)
                .putInt(state == null ? -1 : state.length);
        crc.update(head.array());
        crc.update(step);
        crc.update(key);
        if (state != null) {
            crc.update(state);
        }
        return (int) crc.getValue();
    }

    static boolean valid(StoredRow r) {
        return of(r.stepId(), r.key(), r.epoch(), r.routeHash(), r.state()) == r.checksum();
    }

    static int of(long execution, int worker, long frontier, boolean finished) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(21).putLong(execution).putInt(worker).putLong(frontier)
                .put((byte) (finished ? 1 : 0)).array());
        return (int) crc.getValue();
    }

    static boolean valid(WorkerFrontier f) {
        return of(f.execution(), f.worker(), f.frontier(), f.finished()) == f.checksum();
    }

    static WorkerFrontier frontier(long execution, int worker, long frontier, boolean finished) {
        return new WorkerFrontier(execution, worker, frontier, finished, of(execution, worker, frontier, finished));
    }
}
