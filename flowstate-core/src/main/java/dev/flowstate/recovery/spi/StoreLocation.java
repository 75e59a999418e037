package dev.flowstate.recovery.spi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a recovery store, split into its parts. Accepted forms:
 * <ul>
 * <li>a plain file-system path ({@code state/}, {@code /var/lib/flowstate}): scheme {@code file}, the SQLite backend;
 * <li>{@code file:///abs/path}: the same, spelled as a URI;
 * <li>{@code SCHEME://AUTHORITY/PATH?k=v&k2=v2}, for example {@code kafka://host1:9092,host2:9092/myjob} (authority
 *     {@code host1:9092,host2:9092}, path {@code myjob}) or {@code s3://bucket/prefix/of/store?region=eu-west-1}
 *     (authority {@code bucket}, path {@code prefix/of/store}).
 * </ul>
 * Query parameters are merged into {@link #options()}; options given in code or on the command line win over
 * them. Option names are backend-specific (for example {@code endpoint}, {@code region}); a backend must refuse an
 * option it does not know with a {@link RecoveryBackendException.Kind#INVALID} failure naming it.
 *
 * @param text      the name as the user wrote it (for messages; options given separately are not in it)
 * @param scheme    lower-case scheme, {@code file} for a plain path
 * @param authority text between {@code //} and the next {@code /} (empty for {@code file})
 * @param path      for {@code file}: the directory; otherwise the text after the authority's {@code /}, without a
 *                  leading or trailing {@code /} (may be empty)
 * @param options   backend options, never null
 */
public record StoreLocation(String text, String scheme, String authority, String path, Map<String, String> options) {
    private static final Pattern URI_FORM = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*)://([^/?]*)(/[^?]*)?(\\?.*)?");

    public StoreLocation {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(path, "path");
        options = Map.copyOf(options);
    }

    /**
     * Parses a store name. A name without {@code ://} is a file-system path. {@code extraOptions} are added to
     * (and override) the query parameters.
     *
     * @throws IllegalArgumentException if the name is empty or a URI is malformed (the message says why)
     */
    public static StoreLocation parse(String text, Map<String, String> extraOptions) {
        Objects.requireNonNull(text, "store");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the recovery store name is empty; give a directory, kafka://HOST:PORT/PREFIX"
                    + " or s3://BUCKET/PREFIX");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (!t.contains("://")) {
            options.putAll(extraOptions);
            return new StoreLocation(text, "file", "", t, options);
        }
        Matcher m = URI_FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("recovery store '" + text + "' is not a valid store name; expected a"
                    + " directory, kafka://HOST:PORT[,HOST:PORT]/PREFIX or s3://BUCKET/PREFIX");
        }
        String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
        String authority = m.group(2);
        String path = m.group(3) == null ? "" : m.group(3);
        if (m.group(4) != null) {
            for (String pair : m.group(4).substring(1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("recovery store '" + text + "': option '" + pair
                            + "' must be NAME=VALUE");
                }
                options.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        options.putAll(extraOptions);
        if (scheme.equals("file")) {
            if (!authority.isEmpty() && !authority.equals("localhost")) {
                throw new IllegalArgumentException("recovery store '" + text + "': a file: store must be on this host"
                        + " (file:///path)");
            }
            return new StoreLocation(text, scheme, "", path.isEmpty() ? "/" : decode(path), options);
        }
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return new StoreLocation(text, scheme, authority, trimmed, options);
    }

    /** Same as {@link #parse(String, Map)} with no extra options. */
    public static StoreLocation parse(String text) {
        return parse(text, Map.of());
    }

    /** A location for a directory (scheme {@code file}). */
    public static StoreLocation of(Path directory) {
        return new StoreLocation(directory.toString(), "file", "", directory.toString(), Map.of());
    }

    /** For scheme {@code file}: the directory. */
    public Path directory() {
        if (!scheme.equals("file")) {
            throw new IllegalStateException("recovery store " + text + " is not a directory");
        }
        return Path.of(path);
    }

    /** An option, or {@code fallback} when it is not set. */
    public String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** The name for messages: the text the user wrote. */
    @Override
    public String toString() {
        return text;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
