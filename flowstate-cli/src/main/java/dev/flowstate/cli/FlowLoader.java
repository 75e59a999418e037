package dev.flowstate.cli;

import dev.flowstate.Dataflow;
import dev.flowstate.DataflowDefinitionException;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds and calls the method that builds a dataflow, shared by {@code run} and {@code visualize}. Classes load from
 * the {@code -cp} entries first and then from the CLI's own classpath (which holds the examples). While open, the
 * loader is the thread's context class loader, so that worker threads started by the run (which inherit it) and the
 * default serde can load the user's classes. Every problem is a {@link CliException} with a one-line message.
 */
final class FlowLoader implements AutoCloseable {
    private final URLClassLoader loader;
    private final ClassLoader previousContext;

    private FlowLoader(URLClassLoader loader) {
        this.loader = loader;
        this.previousContext = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
    }

    /** @param classpath entries separated by the platform's path separator; {@code dir/*} means every jar in dir */
    static FlowLoader open(String classpath) {
        return new FlowLoader(new URLClassLoader("flowstate-user", urls(classpath), FlowLoader.class.getClassLoader()));
    }

    /** Loads the class, finds the method and calls it with {@code args}. */
    Dataflow build(FlowReference ref, List<String> args) {
        Method method = find(loadClass(ref.className()), ref, !args.isEmpty());
        Object flow = invoke(method, ref, args);
        if (flow == null) {
            throw CliException.failure(ref + " returned null instead of a Dataflow; return the Dataflow it builds", null);
        }
        return (Dataflow) flow;
    }

    private Class<?> loadClass(String name) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            String hint = name.contains(".") || !exists("dev.flowstate.examples." + name)
                    ? "check the name (package included) or add its jar or directory with -cp"
                    : "did you mean dev.flowstate.examples." + name + "?";
            throw CliException.usage("class '" + name + "' not found; " + hint, e);
        } catch (ExceptionInInitializerError e) {
            throw CliException.failure("class '" + name + "' failed to initialize: " + e.getCause(), e.getCause());
        } catch (LinkageError e) {
            throw CliException.usage("class '" + name + "' cannot be loaded: " + e
                    + "; add the jars it needs with -cp (and compile for Java 17 or older)", e);
        }
    }

    private boolean exists(String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Method find(Class<?> cls, FlowReference ref, boolean hasArgs) {
        Optional<Method> usable = Arrays.stream(cls.getMethods())
                .filter(m -> m.getName().equals(ref.methodName()) && Modifier.isStatic(m.getModifiers()) && takesArgsOrNothing(m))
                .max(Comparator.comparingInt(Method::getParameterCount)); // prefer flow(String[]) over flow()
        if (usable.isEmpty()) {
            throw CliException.usage(whyUnusable(cls, ref));
        }
        Method m = usable.get();
        if (!Dataflow.class.isAssignableFrom(m.getReturnType())) {
            throw CliException.usage("method " + ref + " returns " + m.getReturnType().getName()
                    + ", not a dev.flowstate.Dataflow; make it return the Dataflow it builds");
        }
        if (hasArgs && m.getParameterCount() == 0) {
            throw CliException.usage("method " + ref + "() takes no arguments, but arguments were given after '--'; "
                    + "declare it as 'public static Dataflow " + ref.methodName() + "(String[] args)' to receive them");
        }
        m.trySetAccessible(); // a public method of a non-public class
        return m;
    }

    private static boolean takesArgsOrNothing(Method m) {
        return m.getParameterCount() == 0
                || (m.getParameterCount() == 1 && m.getParameterTypes()[0] == String[].class);
    }

    private static String whyUnusable(Class<?> cls, FlowReference ref) {
        String wanted = "declare it as 'public static Dataflow " + ref.methodName() + "(String[] args)'";
        for (Method m : cls.getDeclaredMethods()) {
            if (!m.getName().equals(ref.methodName())) {
                continue;
            }
            if (!Modifier.isPublic(m.getModifiers())) {
                return "method " + ref + " is not public; " + wanted;
            }
            if (!Modifier.isStatic(m.getModifiers())) {
                return "method " + ref + " is not static; " + wanted;
            }
            return "method " + ref + " takes " + Arrays.toString(m.getParameterTypes())
                    + ", but must take no arguments or a String[]; " + wanted;
        }
        return "class " + cls.getName() + " has no method '" + ref.methodName() + "'; " + wanted
                + ", or name another method with " + cls.getName() + ":METHOD";
    }

    private static Object invoke(Method m, FlowReference ref, List<String> args) {
        try {
            return m.getParameterCount() == 0 ? m.invoke(null) : m.invoke(null, (Object) args.toArray(String[]::new));
        } catch (IllegalAccessException e) {
            throw CliException.usage("method " + ref + " cannot be called: " + e.getMessage() + "; make it and its class public", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DataflowDefinitionException) {
                throw CliException.failure("invalid dataflow from " + ref + ": " + cause.getMessage(), cause);
            }
            if (cause instanceof IllegalArgumentException) {
                throw CliException.usage(ref + " rejected its arguments: " + cause.getMessage(), cause);
            }
            throw CliException.failure(ref + " threw " + cause, cause);
        }
    }

    static URL[] urls(String classpath) {
        List<URL> urls = new ArrayList<>();
        if (classpath == null || classpath.isBlank()) {
            return new URL[0];
        }
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.equals("*") || entry.endsWith("/*") || entry.endsWith(File.separator + "*")) {
                String dir = entry.substring(0, entry.length() - 1);
                urls.addAll(jarsIn(Path.of(dir.isEmpty() ? "." : dir), entry));
            } else {
                urls.add(url(existing(Path.of(entry), entry)));
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static List<URL> jarsIn(Path dir, String entry) {
        List<URL> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(existing(dir, entry), "*.{jar,JAR}")) {
            files.forEach(p -> jars.add(url(p)));
        } catch (IOException e) {
            throw CliException.usage("cannot list the jars of classpath entry '" + entry + "': " + e.getMessage(), e);
        }
        jars.sort(Comparator.comparing(URL::toString));
        return jars;
    }

    private static Path existing(Path p, String entry) {
        if (!Files.exists(p)) {
            throw CliException.usage("classpath entry '" + entry + "' does not exist; pass jars or class directories to -cp, separated by '"
                    + File.pathSeparator + "'");
        }
        return p;
    }

    private static URL url(Path p) {
        try {
            return p.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw CliException.usage("classpath entry '" + p + "' is not a valid path: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        Thread.currentThread().setContextClassLoader(previousContext);
        try {
            loader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
