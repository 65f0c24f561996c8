package io.hexmirror.storage.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The options a {@link io.hexmirror.storage.StorageProvider} was given, checked once and read as
 * typed values. Creating it refuses every key the provider does not know, naming it and listing
 * the known ones. The typed readers refuse a bad value naming the option; sizes and durations
 * follow {@link Sizes} and {@link Durations}, the grammar of the command line. Values of the
 * options declared secret never appear in a message or in {@link #toString()}, and {@link #mask}
 * removes them from any other text (a server's error, say).
 *
 * <p>Typical use in a provider:
 * <pre>{@code
 * ProviderOptions o = ProviderOptions.of("webdav storage", options, Set.of("user", "password", "timeout"), Set.of("password"));
 * Duration timeout = o.duration("timeout", Duration.ofSeconds(30));
 * Optional<String> password = o.secret("password");
 * }</pre>
 *
 * <p>Immutable and safe for use by many threads.
 */
public final class ProviderOptions {
    /** What stands for a secret value in messages. */
    public static final String MASK = "****";

    private final String what;
    private final Map<String, String> values;
    private final Set<String> known;
    private final Set<String> secrets;

    private ProviderOptions(String what, Map<String, String> values, Set<String> known, Set<String> secrets) {
        this.what = what;
        this.values = values;
        this.known = known;
        this.secrets = secrets;
    }

    /**
     * Checks the option names.
     *
     * @param what the provider as messages name it, for example {@code s3 storage}
     * @param options the names and values given
     * @param known every option name the provider accepts
     * @param secrets the names among {@code known} whose values must never be shown
     * @throws IllegalArgumentException when an option is unknown: the message names each unknown
     *     option (never its value) and lists the known ones
     */
    public static ProviderOptions of(String what, Map<String, String> options, Set<String> known, Set<String> secrets) {
        requireNonNull(what, "what is null");
        requireNonNull(options, "options is null");
        requireNonNull(known, "known is null");
        requireNonNull(secrets, "secrets is null");
        if (!known.containsAll(secrets)) {
            throw new IllegalArgumentException("secret options " + secrets + " are not all among the known " + known);
        }
        TreeSet<String> unknown = new TreeSet<>(options.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", quoted(unknown)) + " for " + what + " (known: "
                    + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))) + ")");
        }
        Map<String, String> copy = new TreeMap<>();
        options.forEach((name, value) -> copy.put(name, requireNonNull(value, () -> "value of option " + name + " is null")));
        return new ProviderOptions(what, Collections.unmodifiableMap(copy),
                Set.copyOf(known), Set.copyOf(secrets));
    }

    /** Whether the option was given (with any value, even empty). */
    public boolean has(String name) {
        return value(name).isPresent();
    }

    /**
     * A text option, without surrounding spaces.
     *
     * @throws IllegalArgumentException when it was given blank
     */
    public Optional<String> string(String name) {
        Optional<String> value = value(name);
        if (value.isPresent() && value.get().isBlank()) {
            throw new IllegalArgumentException("option " + name + " is empty");
        }
        return value.map(String::trim);
    }

    /**
     * A secret option, exactly as given (a password may begin with a space).
     *
     * @throws IllegalArgumentException when it was given empty
     */
    public Optional<String> secret(String name) {
        Optional<String> value = value(name);
        if (value.isPresent() && value.get().isEmpty()) {
            throw new IllegalArgumentException("option " + name + " is empty");
        }
        return value;
    }

    /**
     * A flag: {@code true} or {@code false} in any case; given without a value ({@code ?fsync}), true.
     *
     * @throws IllegalArgumentException for any other value
     */
    public boolean bool(String name, boolean defaultValue) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("option " + name + " must be true or false, not " + shown(name));
        };
    }

    /**
     * A whole number between {@code min} and {@code max}, inclusive.
     *
     * @throws IllegalArgumentException when it is not a whole number or outside the bounds
     */
    public int integer(String name, int min, int max, int defaultValue) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        int n;
        try {
            n = Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " must be a whole number, not " + shown(name));
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("option " + name + " must be between " + min + " and " + max + ", not "
                    + shown(name));
        }
        return n;
    }

    /**
     * A positive size in bytes, as {@link Sizes} reads it ({@code 8M}, {@code 6144 KiB}).
     *
     * @throws IllegalArgumentException naming the option, when the value is not a positive size
     */
    public long size(String name, long defaultValue) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Sizes.parse(value.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option " + name + ": " + hideIfSecret(name, e.getMessage()));
        }
    }

    /**
     * A positive duration, as {@link Durations} reads it ({@code 30s}, {@code 500ms}, {@code PT1M}).
     *
     * @throws IllegalArgumentException naming the option, when the value is not a positive duration
     */
    public Duration duration(String name, Duration defaultValue) {
        Optional<String> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Durations.parse(value.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option " + name + ": " + hideIfSecret(name, e.getMessage()));
        }
    }

    /** Replaces every value of a secret option that occurs in the text by {@value #MASK}. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        // Longest first, so that a secret containing another is masked whole.
        List<String> secretValues = secrets.stream().map(values::get)
                .filter(v -> v != null && !v.isEmpty())
                .sorted((a, b) -> b.length() - a.length())
                .toList();
        String out = text;
        for (String secret : secretValues) {
            out = out.replace(secret, MASK);
        }
        return out;
    }

    /** The option names given, in order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet()));
    }

    /** {@code s3 storage options {region=eu-west-1, secret-key=****}}: secret values masked. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(what).append(" options {");
        String separator = "";
        for (Map.Entry<String, String> e : values.entrySet()) {
            out.append(separator).append(e.getKey()).append('=').append(secrets.contains(e.getKey()) ? MASK : e.getValue());
            separator = ", ";
        }
        return out.append('}').toString();
    }

    private Optional<String> value(String name) {
        requireNonNull(name, "name is null");
        if (!known.contains(name)) {
            // A provider asking for an option it did not declare is a bug in the provider.
            throw new IllegalArgumentException("option " + name + " is not among the known options of " + what);
        }
        return Optional.ofNullable(values.get(name));
    }

    private String shown(String name) {
        return secrets.contains(name) ? "the value given (hidden)" : "'" + values.get(name) + "'";
    }

    private String hideIfSecret(String name, String message) {
        String value = values.get(name);
        return secrets.contains(name) && !value.isEmpty() ? message.replace(value, MASK) : message;
    }

    private static List<String> quoted(Set<String> names) {
        return names.stream().map(n -> "'" + n + "'").toList();
    }
}
