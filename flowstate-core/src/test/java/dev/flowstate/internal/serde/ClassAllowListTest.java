package dev.flowstate.internal.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import dev.flowstate.Dataflow;
import dev.flowstate.io.ManualInput;
import dev.flowstate.testing.TestingSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClassAllowListTest {
    record Order(String id, long cents, List<String> tags, Colour colour) {
    }

    enum Colour { RED, BLUE }

    static final class Pojo {
        int n;
        Map<String, Order> orders = new HashMap<>();
    }

    @BeforeAll
    static void defineADataflowHere() {
        // Defining a dataflow in this class allows the classes of its code source (the test classes directory).
        new Dataflow("allow").input("in", ManualInput.<String>of((w, n, s) -> List.<ManualInput.Resumable<String>>of()
                .iterator())).output("out", new TestingSink<>(new ArrayList<>()));
    }

    private static Object roundTrip(Object o) {
        return KryoSerde.INSTANCE.fromBytes(KryoSerde.INSTANCE.toBytes(o));
    }

    @Test
    void usersRecordsPojosEnumsAndJdkValueTypes_workWithoutRegistration() {
        Order order = new Order("o1", 1250, List.of("a", "b"), Colour.BLUE);
        assertThat(roundTrip(order)).isEqualTo(order);
        Pojo p = new Pojo();
        p.n = 3;
        p.orders.put("x", order);
        Pojo back = (Pojo) roundTrip(p);
        assertThat(back.n).isEqualTo(3);
        assertThat(back.orders).containsEntry("x", order);
        for (Object v : new Object[] {"s", 1L, 2.5, new BigDecimal("1.50"), new BigInteger("123456789012345678901"),
                LocalDate.of(2026, 11, 30), // UUID etc. need the serializers helper "recov" adds to KryoSerde
                Instant.ofEpochSecond(1_700_000_000L), List.of(1, 2), Set.of("a"), Map.of("k", 1), new int[] {1, 2},
                new String[][] {{"a"}}}) {
            Object r = roundTrip(v);
            if (v.getClass().isArray()) {
                assertThat(r).usingRecursiveComparison().isEqualTo(v);
            } else {
                assertThat(r).isEqualTo(v);
            }
        }
    }

    @Test
    void aClassFromAnotherJar_isRefusedOnWriteAndOnRead_namingIt() {
        Object foreign = org.assertj.core.data.Offset.offset(1.0);
        assertThatThrownBy(() -> KryoSerde.INSTANCE.toBytes(foreign)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("class org.assertj.core.data.Offset is not allowed")
                .hasMessageContaining("flowstate.serde.allow");
        assertThatThrownBy(() -> KryoSerde.INSTANCE.fromBytes(plainKryo(foreign)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("refused to deserialize: class org.assertj.core.data.Offset is not allowed")
                .hasMessageContaining("holds no dataflow definition");
    }

    @Test
    void gadgetPackagesAreRefusedByName_beforeLoading() {
        assertThatThrownBy(() -> KryoSerde.INSTANCE.fromBytes(plainKryo(org.slf4j.MarkerFactory.getDetachedMarker("m"))))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("org.slf4j.helpers.BasicMarker is not allowed: its package is on the deny list");
        assertThatThrownBy(() -> ClassAllowList.checkName(
                "org.apache.commons.collections.functors.InvokerTransformer"))
                .isInstanceOf(ClassNotAllowedException.class).hasMessageContaining("deny list");
        assertThatThrownBy(() -> ClassAllowList.checkName("[Lcom.sun.rowset.JdbcRowSetImpl;"))
                .isInstanceOf(ClassNotAllowedException.class);
    }

    @Test
    void jdkClassesThatAreNotValues_areRefused() {
        for (Class<?> c : new Class<?>[] {ProcessBuilder.class, Runtime.class, Thread.class, ClassLoader.class,
                java.io.File.class, java.net.URL.class, java.lang.reflect.Method.class, java.util.logging.Logger.class,
                java.util.concurrent.ThreadPoolExecutor.class, javax.management.ObjectName.class}) {
            assertThatThrownBy(() -> ClassAllowList.check(c)).as(c.getName())
                    .isInstanceOf(ClassNotAllowedException.class);
        }
        for (Class<?> c : new Class<?>[] {String.class, Long[].class, int[][].class, java.net.URI.class,
                java.util.Optional.class, java.util.concurrent.ConcurrentHashMap.class, java.time.ZoneId.class,
                java.util.concurrent.atomic.AtomicLong.class, java.util.concurrent.TimeUnit.class}) {
            ClassAllowList.check(c);
        }
    }

    private static byte[] plainKryo(Object o) {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        Output out = new Output(256, -1);
        kryo.writeClassAndObject(out, o);
        return out.toBytes();
    }
}
