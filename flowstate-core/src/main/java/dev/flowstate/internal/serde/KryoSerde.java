package dev.flowstate.internal.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import dev.flowstate.Serde;
import org.objenesis.strategy.StdInstantiatorStrategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The default {@link Serde}: Kryo 5 with class names written inline, so records, POJOs (with or without a no-arg
 * constructor) and collections work without registration. Kryo instances are not thread-safe, so they are pooled.
 * Immutable JDK collections ({@code List.of}, {@code Arrays.asList}, unmodifiable views) come back as their
 * modifiable equivalents, equal by {@code equals}.
 */
public final class KryoSerde implements Serde<Object> {
    /** The one shared instance; Kryo configuration is the same everywhere, so bytes are comparable across JVMs. */
    public static final KryoSerde INSTANCE = new KryoSerde();

    private final Pool<Kryo> kryos = new Pool<>(true, false, 64) {
        @Override
        protected Kryo create() {
            return newKryo();
        }
    };
    private final Pool<Output> outputs = new Pool<>(true, false, 64) {
        @Override
        protected Output create() {
            return new Output(256, -1);
        }
    };

    private KryoSerde() {
    }

    @Override
    public byte[] toBytes(Object value) {
        Kryo kryo = kryos.obtain();
        Output out = outputs.obtain();
        try {
            out.reset();
            kryo.writeClassAndObject(out, value);
            return out.toBytes();
        } catch (KryoException | IllegalArgumentException e) {
            throw new SerializationException("cannot serialize " + typeName(value) + " with the default serde (Kryo): "
                    + e.getMessage() + "; make the type a record or POJO of serializable fields, or pass a Serde for it", e);
        } finally {
            outputs.free(out);
            kryos.free(kryo);
        }
    }

    @Override
    public Object fromBytes(byte[] bytes) {
        Kryo kryo = kryos.obtain();
        try {
            return kryo.readClassAndObject(new Input(bytes));
        } catch (KryoException | IllegalArgumentException e) {
            ClassNotAllowedException denied = ClassNotAllowedException.in(e);
            throw new SerializationException(denied != null ? "refused to deserialize: " + denied.getMessage() :
                    "cannot deserialize " + bytes.length + " bytes with the default serde (Kryo): "
                    + e.getMessage() + "; was the data written by another version of the type?", e);
        } finally {
            kryos.free(kryo);
        }
    }

    private static String typeName(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static Kryo newKryo() {
        Kryo kryo = new Kryo(new AllowListClassResolver(), null); // only allowed classes from bytes: ClassAllowList
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.setClassLoader(Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : KryoSerde.class.getClassLoader());
        CopyingListSerializer lists = new CopyingListSerializer();
        for (Object o : new Object[]{List.of(), List.of(1), List.of(1, 2, 3), Arrays.asList(1),
                Collections.unmodifiableList(new ArrayList<>()), Collections.unmodifiableList(new java.util.LinkedList<>()),
                Collections.emptyList(), Collections.singletonList(1)}) {
            kryo.addDefaultSerializer(o.getClass(), lists);
        }
        CopyingSetSerializer sets = new CopyingSetSerializer();
        for (Object o : new Object[]{Set.of(), Set.of(1), Set.of(1, 2, 3), Collections.unmodifiableSet(new HashSet<>()),
                Collections.emptySet(), Collections.singleton(1)}) {
            kryo.addDefaultSerializer(o.getClass(), sets);
        }
        CopyingMapSerializer maps = new CopyingMapSerializer();
        for (Object o : new Object[]{Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2), Collections.unmodifiableMap(new HashMap<>()),
                Collections.emptyMap(), Collections.singletonMap(1, 1)}) {
            kryo.addDefaultSerializer(o.getClass(), maps);
        }
        return kryo;
    }

    private static final class CopyingListSerializer extends Serializer<List<?>> {
        @Override
        public void write(Kryo kryo, Output output, List<?> list) {
            output.writeVarInt(list.size(), true);
            for (Object o : list) {
                kryo.writeClassAndObject(output, o);
            }
        }

        @Override
        public List<?> read(Kryo kryo, Input input, Class<? extends List<?>> type) {
            int n = input.readVarInt(true);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(kryo.readClassAndObject(input));
            }
            return list;
        }
    }

    private static final class CopyingSetSerializer extends Serializer<Set<?>> {
        @Override
        public void write(Kryo kryo, Output output, Set<?> set) {
            output.writeVarInt(set.size(), true);
            for (Object o : set) {
                kryo.writeClassAndObject(output, o);
            }
        }

        @Override
        public Set<?> read(Kryo kryo, Input input, Class<? extends Set<?>> type) {
            int n = input.readVarInt(true);
            Set<Object> set = new HashSet<>();
            for (int i = 0; i < n; i++) {
                set.add(kryo.readClassAndObject(input));
            }
            return set;
        }
    }

    private static final class CopyingMapSerializer extends Serializer<Map<?, ?>> {
        @Override
        public void write(Kryo kryo, Output output, Map<?, ?> map) {
            output.writeVarInt(map.size(), true);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                kryo.writeClassAndObject(output, e.getKey());
                kryo.writeClassAndObject(output, e.getValue());
            }
        }

        @Override
        public Map<?, ?> read(Kryo kryo, Input input, Class<? extends Map<?, ?>> type) {
            int n = input.readVarInt(true);
            Map<Object, Object> map = new HashMap<>();
            for (int i = 0; i < n; i++) {
                map.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
            }
            return map;
        }
    }
}
