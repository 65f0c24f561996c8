package io.hexmirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's API speaks in JDK and project types: no public or protected signature of a class outside
 * {@code io.hexmirror.internal} mentions an engine ({@code io.hexmirror.internal.*}) or a generated protobuf class
 * ({@code io.hexmirror.registry.proto.*}, {@code com.google.protobuf.*}), except the protobuf classes in the classes
 * that docs/architecture-notes.md declares deliberate API. Reads core's compiled classes: a class added later is
 * checked without being listed here.
 */
class PublicSignaturesTest {
    /**
     * The classes whose signatures use the generated registry classes on purpose, each named with its reasons in
     * docs/architecture-notes.md ("Generated protobuf classes in public signatures"). An engine type is never allowed.
     */
    private static final Set<String> PROTOBUF_DECLARED_API = Set.of(
            "io.hexmirror.registry.RegistryFilter",
            "io.hexmirror.registry.RegistryReader",
            "io.hexmirror.registry.RegistryWriter",
            "io.hexmirror.registry.ReleaseChecksums",
            "io.hexmirror.selection.PackageSource",
            "io.hexmirror.tarball.PackageTarball",
            "io.hexmirror.tarball.TarballDigest");

    @Test
    void noPublicSignatureOutsideInternalMentionsAnEngineOrAGeneratedClass() throws Exception {
        Set<String> found = new TreeSet<>();
        for (Leak leak : leaks()) {
            if (!(leak.generated() && PROTOBUF_DECLARED_API.contains(leak.topLevel()))) {
                found.add(leak.toString());
            }
        }

        assertThat(found).as("public signatures outside io.hexmirror.internal that mention internal or generated types"
                + " (move the class into internal, or use an API type; see docs/architecture-notes.md)").isEmpty();
    }

    @Test
    void everyDeclaredExceptionIsNamedInTheArchitectureNotesAndStillNeeded() throws Exception {
        Set<String> leaking = new HashSet<>();
        for (Leak leak : leaks()) {
            leaking.add(leak.topLevel());
        }
        String notes = Files.readString(projectRoot().resolve("docs/architecture-notes.md"));

        for (String declared : PROTOBUF_DECLARED_API) {
            String simpleName = declared.substring(declared.lastIndexOf('.') + 1);
            assertThat(notes).as("docs/architecture-notes.md gives the reasons for " + declared).contains("`" + simpleName);
            assertThat(leaking).as(declared + " no longer uses generated classes: drop it from the list and the notes")
                    .contains(declared);
        }
    }

    @Test
    void theCheckSeesASignatureThatMentionsAGeneratedClass() throws Exception {
        // RegistryReader reads Signed messages: an empty answer here would mean the classes were not read.
        assertThat(leaks()).map(Leak::toString).anyMatch(leak -> leak.startsWith("io.hexmirror.registry.RegistryReader.")
                && leak.contains("io.hexmirror.registry.proto."));
    }

    /** A public or protected member (or supertype) of an API class whose signature mentions a forbidden type. */
    private record Leak(Class<?> owner, String member, String type) {
        boolean generated() {
            return !type.startsWith("io.hexmirror.internal.");
        }

        String topLevel() {
            Class<?> top = owner;
            while (top.getEnclosingClass() != null) {
                top = top.getEnclosingClass();
            }
            return top.getName();
        }

        @Override
        public String toString() {
            return owner.getName() + "." + member + " -> " + type;
        }
    }

    private static List<Leak> leaks() throws IOException, URISyntaxException, ClassNotFoundException {
        List<Leak> leaks = new ArrayList<>();
        for (Class<?> type : apiClasses()) {
            check(leaks, type, "extends", type.getGenericSuperclass());
            for (Type implemented : type.getGenericInterfaces()) {
                check(leaks, type, "implements", implemented);
            }
            for (TypeVariable<?> parameter : type.getTypeParameters()) {
                check(leaks, type, "<" + parameter.getName() + ">", parameter);
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field.getModifiers()) && !field.isSynthetic()) {
                    check(leaks, type, field.getName(), field.getGenericType());
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                check(leaks, type, constructor);
            }
            for (Method method : type.getDeclaredMethods()) {
                check(leaks, type, method);
            }
        }
        return leaks;
    }

    private static void check(List<Leak> leaks, Class<?> owner, Executable executable) {
        if (!visible(executable.getModifiers()) || executable.isSynthetic()
                || executable instanceof Method m && m.isBridge()) {
            return;
        }
        String name = executable instanceof Constructor ? "<init>" : executable.getName();
        for (TypeVariable<?> parameter : executable.getTypeParameters()) {
            check(leaks, owner, name, parameter);
        }
        if (executable instanceof Method method) {
            check(leaks, owner, name, method.getGenericReturnType());
        }
        for (Type parameter : executable.getGenericParameterTypes()) {
            check(leaks, owner, name, parameter);
        }
        for (Type thrown : executable.getGenericExceptionTypes()) {
            check(leaks, owner, name, thrown);
        }
    }

    private static void check(List<Leak> leaks, Class<?> owner, String member, Type type) {
        Set<String> names = new TreeSet<>();
        collect(type, names, new HashSet<>());
        for (String name : names) {
            if (forbidden(name)) {
                leaks.add(new Leak(owner, member, name));
            }
        }
    }

    /** The names of every class a generic type is made of: itself, its type arguments, bounds and array elements. */
    private static void collect(Type type, Set<String> names, Set<TypeVariable<?>> seen) {
        if (type instanceof Class<?> c) {
            names.add((c.isArray() ? c.getComponentType() : c).getName());
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), names, seen);
            if (p.getOwnerType() != null) {
                collect(p.getOwnerType(), names, seen);
            }
            for (Type argument : p.getActualTypeArguments()) {
                collect(argument, names, seen);
            }
        } else if (type instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> collect(b, names, seen));
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), names, seen);
        } else if (type instanceof TypeVariable<?> v && seen.add(v)) {
            for (Type bound : v.getBounds()) {
                collect(bound, names, seen);
            }
        }
    }

    private static boolean forbidden(String className) {
        return className.startsWith("io.hexmirror.internal.") || className.startsWith("io.hexmirror.registry.proto.")
                || className.startsWith("com.google.protobuf.");
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** Core's classes that a program outside its package can see: public or protected, in every enclosing class too. */
    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(HexMirror.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.map(f -> classes.relativize(f).toString())
                    .filter(f -> f.endsWith(".class") && !f.endsWith("package-info.class") && !f.endsWith("module-info.class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.').replace('\\', '.'))
                    .filter(name -> !name.startsWith("io.hexmirror.internal.") && !name.startsWith("io.hexmirror.registry.proto."))
                    .sorted()
                    .toList();
        }
        assertThat(names).as("core's compiled classes under " + classes).contains(HexMirror.class.getName());
        List<Class<?>> api = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, HexMirror.class.getClassLoader());
            if (!type.isAnonymousClass() && !type.isLocalClass() && !type.isSynthetic() && seenFromOutside(type)) {
                api.add(type);
            }
        }
        return api;
    }

    private static boolean seenFromOutside(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!visible(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** The project root: the parent of this module's directory (Surefire sets basedir to the module's directory). */
    private static Path projectRoot() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    }
}
