package dev.flowstate.internal.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.ObjectMap;

/**
 * Kryo's class resolver with the {@link ClassAllowList} applied: a class named in the bytes is checked by name
 * before it is loaded (without initialization) and by origin after, before Kryo creates anything of it. Writing a
 * class that could not be read back fails too, at once, rather than at restore time.
 */
final class AllowListClassResolver extends DefaultClassResolver {
    @Override
    protected Class getTypeByName(String className) {
        Class known = super.getTypeByName(className);
        if (known != null) {
            return known; // checked when it was first resolved
        }
        ClassAllowList.checkName(className);
        Class type = load(className);
        if (type == null) {
            return null; // Kryo reports "Unable to find class"
        }
        ClassAllowList.check(type);
        if (nameToClass == null) {
            nameToClass = new ObjectMap<>();
        }
        nameToClass.put(className, type);
        return type;
    }

    @Override
    protected void writeName(Output output, Class type, Registration registration) {
        ClassAllowList.check(type);
        super.writeName(output, type, registration);
    }

    private Class<?> load(String className) {
        for (ClassLoader loader : new ClassLoader[] {kryo.getClassLoader(), Kryo.class.getClassLoader()}) {
            try {
                return Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader, as Kryo itself would
            }
        }
        return null;
    }
}
