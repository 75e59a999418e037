package dev.flowstate.internal.serde;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The canonical encoding of a key: equal keys give equal bytes, whatever their concrete classes, so a key's route
 * hash and its row in the recovery store survive any serialize/restore round trip. {@code List.of(1)} and a
 * restored {@code ArrayList [1]} encode alike, and so do {@code Set}s and {@code Map}s in any iteration order
 * (elements and entries are written sorted by their own encodings). Strings, boxed primitives, lists, sets, maps,
 * {@code Optional}, records and enums are encoded structurally (records by class name and components); any other
 * key (UUID, {@code java.time} values, BigDecimal, ...) by its default-serde (Kryo) bytes, which are canonical for
 * value types without collections inside.
 *
 * <p>A key whose equality is identity (an array, a class that does not override {@code equals}) cannot be a key:
 * equal-looking keys would be different keys, and no restored key would ever equal a live one. Such keys are
 * refused with {@link InvalidKeyException}.
 */
public final class KeyCodec {
    private static final int STRING = 0;
    private static final int INT = 1;
    private static final int LONG = 2;
    private static final int SHORT = 3;
    private static final int BYTE = 4;
    private static final int BOOLEAN = 5;
    private static final int CHAR = 6;
    private static final int DOUBLE = 7;
    private static final int FLOAT = 8;
    private static final int LIST = 9;
    private static final int SET = 10;
    private static final int MAP = 11;
    private static final int RECORD = 12;
    private static final int ENUM = 13;
    private static final int NULL = 14;
    private static final int OPTIONAL = 15;
    private static final int OTHER = 16;

    /** Whether a class compares by identity (inherits {@code Object.equals}); computed once per class. */
    private static final ClassValue<Boolean> IDENTITY_EQUALS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (type.isArray()) {
                return true;
            }
            try {
                return type.getMethod("equals", Object.class).getDeclaringClass() == Object.class;
            } catch (NoSuchMethodException e) {
                return true;
            }
        }
    };

    private KeyCodec() {
    }

    /** A key type cannot be a key (its equality is identity); the message says what to use instead. */
    public static final class InvalidKeyException extends IllegalArgumentException {
        InvalidKeyException(String message) {
            super(message);
        }
    }

    /** The canonical bytes of {@code key}; throws {@link InvalidKeyException} for a key that cannot be a key. */
    public static byte[] encode(Object key) {
        return encodeNested(key, key);
    }

    /**
     * The canonical bytes of any value, for hashing only (for example to choose a sink partition): like
     * {@link #encode} but values that compare by identity are encoded by their serialized bytes instead of refused.
     */
    public static byte[] encodeForHash(Object value) {
        return encodeNested(value, null);
    }

    /** The key {@link #encode} wrote: equal (by {@code equals}) to the original, collections unmodifiable. */
    public static Object decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in);
        } catch (IOException e) {
            throw new SerializationException("cannot decode a saved key of " + bytes.length + " bytes: " + e, e);
        }
    }

    /** Throws {@link InvalidKeyException} if {@code key}, or anything inside it, compares by identity. */
    public static void requireValueEquality(Object key) {
        if (!(key instanceof String || key instanceof Long || key instanceof Integer)) {
            encode(key);
        }
    }

    private static void write(DataOutputStream out, Object v, Object whole) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof Character c) {
            out.writeByte(CHAR);
            out.writeChar(c);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeLong(Double.doubleToLongBits(d)); // as Double.equals compares
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeInt(Float.floatToIntBits(f));
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object o : list) {
                write(out, o, whole);
            }
        } else if (v instanceof Set<?> set) {
            out.writeByte(SET);
            writeSorted(out, set.stream().map(o -> encodeNested(o, whole)).toList());
        } else if (v instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            List<byte[]> entries = new ArrayList<>(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                entries.add(concat(encodeNested(e.getKey(), whole), encodeNested(e.getValue(), whole)));
            }
            writeSorted(out, entries);
        } else if (v instanceof Optional<?> o) {
            out.writeByte(OPTIONAL);
            out.writeBoolean(o.isPresent());
            if (o.isPresent()) {
                write(out, o.get(), whole);
            }
        } else if (v instanceof Enum<?> e) {
            out.writeByte(ENUM);
            writeString(out, e.getDeclaringClass().getName());
            writeString(out, e.name());
        } else if (v instanceof Record r) {
            out.writeByte(RECORD);
            writeString(out, r.getClass().getName());
            RecordComponent[] components = r.getClass().getRecordComponents();
            out.writeInt(components.length);
            for (RecordComponent c : components) {
                write(out, componentValue(r, c), whole);
            }
        } else {
            if (whole != null && IDENTITY_EQUALS.get(v.getClass())) {
                throw new InvalidKeyException(describe(v, whole) + " cannot be a key: "
                        + (v.getClass().isArray() ? "an array's" : "its class's") + " equals is identity, so equal"
                        + " keys would count as different keys; key by a List (List.of(...)), a String or a record instead");
            }
            out.writeByte(OTHER);
            byte[] b = KryoSerde.INSTANCE.toBytes(v);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static String describe(Object v, Object whole) {
        String type = v.getClass().isArray() ? v.getClass().getComponentType().getName() + "[]" : v.getClass().getName();
        return v == whole ? "a key of type " + type : "a key of type " + whole.getClass().getName() + " holding a " + type;
    }

    private static byte[] encodeNested(Object v, Object whole) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, v, whole);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeSorted(DataOutputStream out, List<byte[]> encoded) throws IOException {
        List<byte[]> sorted = new ArrayList<>(encoded);
        sorted.sort(Arrays::compareUnsigned);
        out.writeInt(sorted.size());
        for (byte[] b : sorted) {
            out.write(b);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static Object componentValue(Record r, RecordComponent c) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(r);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SerializationException("cannot read component '" + c.getName() + "' of key record "
                    + r.getClass().getName() + ": " + e, e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Object read(DataInputStream in) throws IOException {
        int tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return readString(in);
            case INT:
                return in.readInt();
            case LONG:
                return in.readLong();
            case SHORT:
                return in.readShort();
            case BYTE:
                return in.readByte();
            case BOOLEAN:
                return in.readBoolean();
            case CHAR:
                return in.readChar();
            case DOUBLE:
                return Double.longBitsToDouble(in.readLong());
            case FLOAT:
                return Float.intBitsToFloat(in.readInt());
            case LIST: {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                return Collections.unmodifiableList(list);
            }
            case SET: {
                int n = in.readInt();
                Set<Object> set = new LinkedHashSet<>();
                for (int i = 0; i < n; i++) {
                    set.add(read(in));
                }
                return Collections.unmodifiableSet(set);
            }
            case MAP: {
                int n = in.readInt();
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(read(in), read(in));
                }
                return Collections.unmodifiableMap(map);
            }
            case OPTIONAL:
                return in.readBoolean() ? Optional.ofNullable(read(in)) : Optional.empty();
            case ENUM:
                return readEnum(readString(in), readString(in));
            case RECORD:
                return readRecord(in);
            case OTHER:
                return KryoSerde.INSTANCE.fromBytes(in.readNBytes(in.readInt()));
            default:
                throw new IOException("unknown tag " + tag);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object readEnum(String className, String name) throws IOException {
        return Enum.valueOf((Class) load(className), name);
    }

    private static Object readRecord(DataInputStream in) throws IOException {
        Class<?> type = load(readString(in));
        RecordComponent[] components = type.getRecordComponents();
        int n = in.readInt();
        if (components == null || components.length != n) {
            throw new IOException("record " + type.getName() + " now has " + (components == null ? 0 : components.length)
                    + " components, the saved key has " + n);
        }
        Object[] args = new Object[n];
        Class<?>[] types = new Class<?>[n];
        for (int i = 0; i < n; i++) {
            args[i] = read(in);
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> c = type.getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(args);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot rebuild key record " + type.getName() + ": " + e, e);
        }
    }

    private static Class<?> load(String name) throws IOException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, false, context != null ? context : KeyCodec.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            try {
                return Class.forName(name, false, KeyCodec.class.getClassLoader());
            } catch (ClassNotFoundException again) {
                throw new IOException("key class " + name + " is not on the class path", e);
            }
        }
    }
}
