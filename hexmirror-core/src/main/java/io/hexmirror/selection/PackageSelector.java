package io.hexmirror.selection;

import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.version.Requirement;
import io.hexmirror.version.VersionParseException;
import java.util.Optional;

/**
 * A root of a selection: a package and, optionally, a requirement its versions must satisfy.
 * Without a requirement every release is selected, except pre-releases when the request does not
 * allow them (the same as {@code >= 0.0.0}).
 *
 * @param name        a valid Hex package name
 * @param requirement the versions wanted, or empty for all
 */
public record PackageSelector(String name, Optional<Requirement> requirement) {
    public PackageSelector {
        RegistryPaths.checkName(name);
        requireNonNull(requirement, "requirement is null");
    }

    /** All releases of {@code name}. */
    public static PackageSelector of(String name) {
        return new PackageSelector(name, Optional.empty());
    }

    /** The releases of {@code name} that satisfy {@code requirement}. */
    public static PackageSelector of(String name, Requirement requirement) {
        return new PackageSelector(name, Optional.of(requirement));
    }

    /**
     * Reads a package as a user names it, in one syntax for every command and the selection file:
     * {@code NAME}, {@code NAME:REQUIREMENT} or {@code NAME REQUIREMENT} (the selection file's form),
     * such as {@code phoenix}, {@code phoenix:~> 1.7} or {@code phoenix ~> 1.7}.
     *
     * @throws IllegalArgumentException naming the text, when the name or the requirement is invalid
     */
    public static PackageSelector parse(String text) {
        requireNonNull(text, "text is null");
        String spec = text.strip();
        int end = 0;
        while (end < spec.length() && spec.charAt(end) != ':' && !Character.isWhitespace(spec.charAt(end))) {
            end++;
        }
        String name = spec.substring(0, end);
        if (!RegistryPaths.isValidName(name)) {
            throw new IllegalArgumentException("invalid package name '" + name + "'"
                    + (name.equals(spec) ? "" : " in '" + text + "'")
                    + " (expected NAME, NAME:REQUIREMENT or NAME REQUIREMENT)");
        }
        String requirement = end < spec.length() ? spec.substring(end + 1).strip() : "";
        if (end == spec.length()) {
            return of(name);
        }
        if (requirement.isEmpty()) {
            throw new IllegalArgumentException("missing requirement after the package name in '" + text + "'");
        }
        try {
            return of(name, Requirement.parse(requirement));
        } catch (VersionParseException e) {
            throw new IllegalArgumentException("requirement for " + name + " in '" + text + "': " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return requirement.map(r -> name + " " + r).orElse(name);
    }
}
