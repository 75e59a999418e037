package dev.flowstate.internal.serde;

import java.nio.charset.StandardCharsets;

/**
 * Murmur3 (32-bit, seed 0) hashing that gives the same result in every JVM, unlike {@link Object#hashCode()} of
 * arbitrary objects. Strings and boxed integers are hashed directly; other keys by their canonical encoding
 * ({@link KeyCodec}), so equal keys hash alike whatever their concrete classes and after any round trip. Routing
 * a key to a worker and a snapshot to a store partition both go through here, so they agree across processes.
 */
public final class StableHash {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private StableHash() {
    }

    /** Hash of a key: equal keys (by {@code equals}) hash alike. */
    public static int of(Object key) {
        return hash(key, true);
    }

    /** Hash of any value (an item choosing its sink partition): as {@link #of(Object)}, never refusing a value. */
    public static int ofValue(Object value) {
        return hash(value, false);
    }

    private static int hash(Object v, boolean asKey) {
        if (v instanceof String s) {
            return ofString(s);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ofLong(((Number) v).longValue());
        }
        return ofBytes(asKey ? KeyCodec.encode(v) : KeyCodec.encodeForHash(v));
    }

    /** Non-negative variant, for modulo routing. */
    public static int positive(int hash) {
        return hash & 0x7fffffff;
    }

    public static int ofString(String s) {
        int h = 0;
        int len = s.length();
        int i = 0;
        for (; i + 1 < len; i += 2) {
            int k = s.charAt(i) | (s.charAt(i + 1) << 16);
            h = mixH(h, mixK(k));
        }
        if (i < len) {
            h ^= mixK(s.charAt(i));
        }
        return fmix(h ^ (len * 2));
    }

    public static int ofLong(long v) {
        int h = mixH(0, mixK((int) v));
        h = mixH(h, mixK((int) (v >>> 32)));
        return fmix(h ^ 8);
    }

    public static int ofBytes(byte[] data) {
        int h = 0;
        int len = data.length;
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            h = mixH(h, mixK(k));
        }
        int k = 0;
        switch (len - i) {
            case 3:
                k ^= (data[i + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (data[i + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= data[i] & 0xff;
                h ^= mixK(k);
                break;
            default:
                break;
        }
        return fmix(h ^ len);
    }

    /** Hash of a step id and a serialized key, choosing a recovery store partition. */
    public static int ofStepAndKey(String stepId, byte[] key) {
        return ofBytes(concat(stepId.getBytes(StandardCharsets.UTF_8), key));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + 1 + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length + 1, b.length);
        return r;
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int mixH(int h, int k) {
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
