package dev.flowstate.internal.serde;

import java.security.CodeSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which classes the default serde may create from bytes (network frames and the recovery store are both untrusted
 * input). The rule, in order:
 * <ol>
 * <li>Arrays are judged by their component type; primitives are allowed.</li>
 * <li>Denied by name: packages of well-known deserialization gadgets and of libraries that are never data (see
 *     {@link #DENIED_PREFIXES}), even when they sit in the user's own jar.</li>
 * <li>JDK classes only from the value types: String, the boxed primitives, {@code java.math}, {@code java.time},
 *     {@code java.util} (collections incl. immutable ones, UUID, Optional, ...), concurrent collections and atomics,
 *     {@code java.net.URI}, {@code java.sql} dates. Nothing else of the JDK (no reflection, I/O, class loaders,
 *     {@code javax}, {@code jdk}, {@code sun}, {@code com.sun}).</li>
 * <li>Flowstate's own classes ({@code dev.flowstate.*}).</li>
 * <li>The user's code: classes from the same code source (jar or class directory) as code that defined a dataflow
 *     in this JVM (records, POJOs, enums next to the dataflow work with no registration).</li>
 * <li>Classes or packages listed in the system property {@code flowstate.serde.allow} or the environment variable
 *     {@code FLOWSTATE_SERDE_ALLOW} (comma-separated names or package prefixes ending in '.'), for types from other
 *     jars.</li>
 * </ol>
 */
public final class ClassAllowList {
    static final String HOW_TO_ALLOW = "Types of the dataflow's own jar or class directory, Flowstate's types and JDK "
            + "value types are allowed; allow others with -Dflowstate.serde.allow=com.example.model. (or "
            + "FLOWSTATE_SERDE_ALLOW) on every process";
    /** Gadget and non-data packages, refused wherever they come from. */
    static final List<String> DENIED_PREFIXES = List.of(
            "org.apache.commons.collections.functors.", "org.apache.commons.collections4.functors.",
            "org.apache.commons.beanutils.", "org.apache.commons.fileupload.", "org.apache.commons.configuration.",
            "org.apache.xalan.", "org.apache.xbean.", "org.apache.wicket.", "org.apache.myfaces.",
            "org.apache.logging.", "org.apache.log4j.", "ch.qos.logback.", "org.slf4j.",
            "org.codehaus.groovy.", "groovy.", "org.springframework.", "org.hibernate.", "com.mchange.", "bsh.",
            "org.python.", "org.mozilla.javascript.", "clojure.", "com.rometools.", "net.sf.json.", "org.jboss.",
            "com.esotericsoftware.", "org.objenesis.", "javassist.", "net.bytebuddy.", "org.aspectj.",
            "com.alibaba.fastjson.", "com.fasterxml.jackson.databind.", "org.yaml.snakeyaml.", "com.thoughtworks.xstream.",
            "org.eclipse.jetty.", "org.glassfish.", "com.zaxxer.hikari.", "org.h2.", "org.postgresql.", "com.mysql.",
            "java.", "javax.", "jdk.", "sun.", "com.sun.");
    private static final Set<String> JDK_LANG = Set.of("java.lang.Object", "java.lang.String", "java.lang.Boolean",
            "java.lang.Byte", "java.lang.Short", "java.lang.Character", "java.lang.Integer", "java.lang.Long",
            "java.lang.Float", "java.lang.Double", "java.lang.Number", "java.lang.Enum", "java.lang.Record",
            "java.net.URI", "java.sql.Date", "java.sql.Time", "java.sql.Timestamp");
    private static final Set<String> JDK_UTIL_DENIED = Set.of("java.util.ServiceLoader", "java.util.Timer",
            "java.util.Scanner", "java.util.ResourceBundle", "java.util.PropertyResourceBundle");

    private static final Set<String> userCodeSources = ConcurrentHashMap.newKeySet();
    private static final List<String> extraAllowed = new CopyOnWriteArrayList<>(configured());
    private static final Set<Class<?>> checked = ConcurrentHashMap.newKeySet();

    private ClassAllowList() {
    }

    /** Allows the classes of {@code type}'s code source (its jar or class directory): called for dataflow code. */
    public static void allowCodeOf(Class<?> type) {
        String where = location(type);
        if (where != null) {
            userCodeSources.add(where);
        }
    }

    /** Allows a class name or (ending in '.') a package prefix, as {@code flowstate.serde.allow} does. */
    public static void allow(String nameOrPrefix) {
        extraAllowed.add(nameOrPrefix.strip());
    }

    /** Refuses a name on the deny list before anything is loaded. */
    static void checkName(String className) {
        String name = componentName(className);
        if (name == null) {
            return; // an array of primitives
        }
        if (isJdkValueName(name) || isExtra(name)) {
            return;
        }
        for (String p : DENIED_PREFIXES) {
            if (name.startsWith(p)) {
                throw new ClassNotAllowedException(className, "its package is on the deny list (" + p + "*)");
            }
        }
    }

    /** Throws {@link ClassNotAllowedException} unless {@code type} may be created from bytes. */
    static void check(Class<?> type) {
        if (checked.contains(type)) {
            return;
        }
        Class<?> c = type;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        if (!c.isPrimitive()) {
            String why = refusal(c);
            if (why != null) {
                throw new ClassNotAllowedException(type.getName(), why);
            }
        }
        checked.add(type);
    }

    private static String refusal(Class<?> c) {
        String name = c.getName();
        if (isExtra(name) || isJdkValueName(name)) {
            return isJdk(c) || !name.startsWith("java.") ? null : "it claims a JDK name but is not a JDK class";
        }
        for (String p : DENIED_PREFIXES) {
            if (name.startsWith(p)) {
                return "its package is on the deny list (" + p + "*)";
            }
        }
        if (name.startsWith("dev.flowstate.")) {
            return null;
        }
        if (isJdk(c)) {
            return "it is a JDK class that is not a value type";
        }
        String where = location(c);
        if (where != null && userCodeSources.contains(where)) {
            return null;
        }
        return "it comes from " + (where == null ? "an unknown code source" : where)
                + ", which holds no dataflow definition";
    }

    private static boolean isJdkValueName(String name) {
        if (JDK_LANG.contains(name) || name.startsWith("java.math.") || name.startsWith("java.time.")
                || name.startsWith("java.util.concurrent.atomic.Atomic")) {
            return true;
        }
        if (name.startsWith("java.util.") && name.indexOf('.', "java.util.".length()) < 0) {
            return !JDK_UTIL_DENIED.contains(name.contains("$") ? name.substring(0, name.indexOf('$')) : name);
        }
        return name.startsWith("java.util.concurrent.") && name.indexOf('.', "java.util.concurrent.".length()) < 0
                && (name.contains("Concurrent") || name.contains("CopyOnWrite") || name.contains("Blocking")
                || name.equals("java.util.concurrent.TimeUnit"));
    }

    private static boolean isJdk(Class<?> c) {
        ClassLoader l = c.getClassLoader();
        return l == null || l == ClassLoader.getPlatformClassLoader();
    }

    private static boolean isExtra(String name) {
        for (String a : extraAllowed) {
            if (a.endsWith(".") ? name.startsWith(a) : (name.equals(a) || name.startsWith(a + "$"))) {
                return true;
            }
        }
        return false;
    }

    /** "[[Lcom.x.Y;" → "com.x.Y"; null for arrays of primitives. */
    private static String componentName(String className) {
        String n = className;
        while (n.startsWith("[")) {
            n = n.substring(1);
        }
        if (n.length() != className.length()) {
            return n.startsWith("L") && n.endsWith(";") ? n.substring(1, n.length() - 1) : null;
        }
        return n;
    }

    private static String location(Class<?> c) {
        try {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            return cs == null || cs.getLocation() == null ? null : cs.getLocation().toString();
        } catch (SecurityException e) {
            return null;
        }
    }

    private static List<String> configured() {
        List<String> out = new java.util.ArrayList<>();
        for (String source : new String[] {System.getProperty("flowstate.serde.allow"),
                System.getenv("FLOWSTATE_SERDE_ALLOW")}) {
            if (source != null) {
                for (String s : source.split(",")) {
                    if (!s.isBlank()) {
                        out.add(s.strip());
                    }
                }
            }
        }
        return out;
    }
}
