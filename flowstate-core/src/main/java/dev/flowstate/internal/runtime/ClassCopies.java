package dev.flowstate.internal.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hidden copies of a wrapper class, one per key (a step), so that each copy has call sites of its own.
 *
 * <p>Why: a wrapper class put around every step has one {@code next.push(item)} call site for all of them. The JIT
 * sees many receiver types there, makes the call megamorphic (a virtual call, never inlined), and the chain of fused
 * steps it would otherwise compile as one piece is cut at every wrapper. A copy per step sees one receiver type, so
 * the step inlines into its wrapper as it would without one. Workers running the same step share its copy.
 *
 * <p>A copy is {@link MethodHandles.Lookup#defineHiddenClass defined} from the class's own bytes in this package, on
 * first use of its key; if the JVM cannot define one, the class itself is used (slower, same behaviour).
 */
final class ClassCopies {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private final Class<?> type;
    private final MethodType constructor;
    private final byte[] bytes;
    private final MethodHandle original;
    private final Map<String, MethodHandle> copies = new ConcurrentHashMap<>();

    /** Copies of {@code type} (a class of this package), built with its constructor of {@code constructor}. */
    ClassCopies(Class<?> type, MethodType constructor) {
        this.type = type;
        this.constructor = constructor.changeReturnType(void.class);
        this.bytes = classBytes(type);
        try {
            this.original = LOOKUP.findConstructor(type, this.constructor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " has no constructor " + constructor, e);
        }
    }

    /** A new instance of {@code key}'s copy of the class. */
    Object newInstance(String key, Object... args) {
        MethodHandle ctor = copies.computeIfAbsent(key, k -> copy());
        try {
            return ctor.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + " for " + key, e);
        }
    }

    private MethodHandle copy() {
        if (bytes == null) {
            return original;
        }
        try {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(bytes, true);
            return hidden.findConstructor(hidden.lookupClass(), constructor);
        } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException e) {
            return original;
        }
    }

    private static byte[] classBytes(Class<?> type) {
        String file = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
