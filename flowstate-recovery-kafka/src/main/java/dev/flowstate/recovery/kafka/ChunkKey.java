package dev.flowstate.recovery.kafka;

import java.nio.ByteBuffer;

/**
 * The record key of a rows-topic record holding many rows ({@link dev.flowstate.recovery.spi.Segments}): a
 * <em>segment</em> (part {@code seq} of one worker's rows of one epoch, written by one execution) or a <em>base</em>
 * (part {@code seq} of the newest live rows below epoch {@code epoch}, written by compaction). Every part has its
 * own key, so compaction of the topic keeps each, and a Kafka tombstone on the key removes it.
 *
 * <p>The key starts with bytes {@code FF FF} and has a fixed length of 27 bytes. A per-row record key of the first
 * Kafka layout ({@link RowCodec}) starts with its step id's length, which would then have to be 65,535 bytes and
 * the key far longer: the two kinds never collide, so a store holding both is read correctly.
 */
record ChunkKey(byte kind, long epoch, long execution, int worker, int seq) {
    static final byte SEGMENT = 'S';
    static final byte BASE = 'B';
    private static final int LENGTH = 2 + 1 + 8 + 8 + 4 + 4;

    static ChunkKey segment(long epoch, long execution, int worker, int seq) {
        return new ChunkKey(SEGMENT, epoch, execution, worker, seq);
    }

    static ChunkKey base(long keepEpoch, long execution, int seq) {
        return new ChunkKey(BASE, keepEpoch, execution, 0, seq);
    }

    boolean isBase() {
        return kind == BASE;
    }

    byte[] bytes() {
        return ByteBuffer.allocate(LENGTH).put((byte) 0xFF).put((byte) 0xFF).put(kind).putLong(epoch)
                .putLong(execution).putInt(worker).putInt(seq).array();
    }

    /** The chunk key in {@code key}, or null if it is a per-row key of the first layout. */
    static ChunkKey parse(byte[] key) {
        if (key.length != LENGTH || key[0] != (byte) 0xFF || key[1] != (byte) 0xFF) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(key, 2, LENGTH - 2);
        byte kind = in.get();
        if (kind != SEGMENT && kind != BASE) {
            throw new IllegalArgumentException("unknown chunk kind " + kind);
        }
        return new ChunkKey(kind, in.getLong(), in.getLong(), in.getInt(), in.getInt());
    }

    @Override
    public String toString() {
        return (isBase() ? "base below epoch " + epoch : "segment of epoch " + epoch + ", execution " + execution
                + ", worker " + worker) + ", part " + seq;
    }
}
