package dev.flowstate.internal.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;

import java.net.URI;
import java.net.URL;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Serializers for JDK value types whose fields are closed to reflection (Java 17 modules), so that they work as
 * keys and state without {@code --add-opens}. Kryo already handles {@code java.time}, {@code BigDecimal},
 * {@code BigInteger}, {@code Optional}, enums and records by default; these are the JDK types it would otherwise
 * try to read field by field and fail on.
 */
final class JdkValueSerializers {
    private JdkValueSerializers() {
    }

    static void register(Kryo kryo) {
        kryo.addDefaultSerializer(UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(URI.class, new DefaultSerializers.URISerializer());
        kryo.addDefaultSerializer(URL.class, new DefaultSerializers.URLSerializer());
        kryo.addDefaultSerializer(Pattern.class, new DefaultSerializers.PatternSerializer());
    }
}
