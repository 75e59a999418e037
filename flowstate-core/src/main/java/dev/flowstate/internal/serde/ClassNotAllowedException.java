package dev.flowstate.internal.serde;

import com.esotericsoftware.kryo.KryoException;

/**
 * Serialized bytes named a class that {@link ClassAllowList} does not allow; nothing of that class was created. A
 * {@link KryoException} so that Kryo passes it through unchanged (adding only its field trace).
 */
public final class ClassNotAllowedException extends KryoException {
    private final String className;

    ClassNotAllowedException(String className, String why) {
        super("class " + className + " is not allowed: " + why + ". " + ClassAllowList.HOW_TO_ALLOW);
        this.className = className;
    }

    public String className() {
        return className;
    }

    /** The first {@link ClassNotAllowedException} among {@code t} and its causes, or null. */
    public static ClassNotAllowedException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ClassNotAllowedException e) {
                return e;
            }
        }
        return null;
    }
}
