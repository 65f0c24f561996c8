package io.hexmirror.testkit.upstream;

import static io.hexmirror.testkit.upstream.ErlangTerms.atom;
import static io.hexmirror.testkit.upstream.ErlangTerms.binary;
import static io.hexmirror.testkit.upstream.ErlangTerms.entry;
import static io.hexmirror.testkit.upstream.ErlangTerms.list;
import static io.hexmirror.testkit.upstream.ErlangTerms.string;
import static io.hexmirror.testkit.upstream.ErlangTerms.tuple;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds package tarballs (format version 3), and the tar and gzip layers of docs tarballs. Output is a pure function of the
 * inputs: fixed member order, timestamps, owners and modes, and gzip headers without a time.
 *
 * <p>A tarball with a payload is built cheaply, as a benchmark at hex.pm's size (9 GB of tarballs) builds each one on
 * every request: the payload is a slice of one block of random bytes made once, and its {@code contents.tar.gz} stores
 * rather than compresses (deflate level 0), since random bytes do not compress and deflating them costs some 30 MB/s
 * of CPU. Both are still a pure function of the spec.
 */
final class Tarballs {
    /** The member time hex.pm's tarballs carry (hex_tarball writes this fixed date). */
    private static final FileTime MEMBER_TIME = FileTime.from(Instant.parse("2000-01-01T00:00:00Z"));
    private static final int FILE_MODE = 0100644;

    private Tarballs() {
    }

    /** A package tarball and its two checksums. */
    record Built(byte[] bytes, TarballChecksums checksums) {
    }

    static Built packageTarball(TarballSpec spec) {
        return packageTarball(spec, null);
    }

    /**
     * The tarball of {@code spec}; when {@code known} holds its checksums (from an earlier build of the same spec, whose
     * bytes are the same), neither is computed again: the inner one is the {@code CHECKSUM} member, the outer one that of
     * the result.
     */
    static Built packageTarball(TarballSpec spec, TarballChecksums known) {
        Map<String, byte[]> files = contentFiles(spec);
        byte[] version = "3".getBytes(UTF_8);
        byte[] metadata = metadataConfig(spec, files.keySet()).getBytes(UTF_8);
        byte[] contents = spec.payloadBytes() > 0 ? gzip(tar(files), Deflater.NO_COMPRESSION) : gzip(tar(files));
        String innerHex;
        if (known != null) {
            innerHex = known.inner();
        } else {
            MessageDigest inner = sha256();
            inner.update(version);
            inner.update(metadata);
            inner.update(contents);
            innerHex = HexFormat.of().formatHex(inner.digest());
        }

        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("VERSION", version);
        members.put("CHECKSUM", innerHex.toUpperCase(Locale.ROOT).getBytes(UTF_8));
        members.put("metadata.config", metadata);
        members.put("contents.tar.gz", contents);
        byte[] tarball = tar(members);
        if (known != null) {
            return new Built(tarball, known);
        }
        String outerHex = HexFormat.of().formatHex(sha256().digest(tarball));
        return new Built(tarball, new TarballChecksums(innerHex, outerHex));
    }

    /** {@code metadata.config} as hex_core writes it: one term per line, keys in sorted order. */
    static String metadataConfig(TarballSpec spec, java.util.Collection<String> files) {
        StringBuilder out = new StringBuilder(512);
        out.append(entry("app", binary(spec.app())));
        out.append(entry("build_tools", list(spec.buildTools(), ErlangTerms::binary)));
        out.append(entry("description", binary(spec.description())));
        out.append(entry("files", list(List.copyOf(files), ErlangTerms::binary)));
        out.append(entry("licenses", list(spec.licenses(), ErlangTerms::binary)));
        out.append(entry("links", "[" + tuple(binary("Homepage"), binary("https://example.org/" + spec.name())) + "]"));
        out.append(entry("name", binary(spec.name())));
        out.append(entry("requirements", list(spec.dependencies(), dep -> tuple(binary(dep.name()), "["
                + tuple(binary("app"), binary(dep.app())) + ","
                + tuple(binary("optional"), ErlangTerms.bool(dep.optional())) + ","
                + tuple(binary("requirement"), binary(dep.requirement())) + ","
                + tuple(binary("repository"), binary(dep.repository() == null ? spec.repository() : dep.repository()))
                + "]"))));
        out.append(entry("version", binary(spec.version())));
        return out.toString();
    }

    /** The files of contents.tar.gz: a minimal rebar3 project that rebar3 can unpack and build. */
    private static Map<String, byte[]> contentFiles(TarballSpec spec) {
        String app = spec.app();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", ("# " + spec.name() + "\n\n" + spec.description() + "\n").getBytes(UTF_8));
        files.put("rebar.config", rebarConfig(spec).getBytes(UTF_8));
        files.put("src/" + app + ".app.src", appSrc(spec).getBytes(UTF_8));
        files.put("src/" + app + ".erl", ("%% Generated by hexmirror-testkit, revision " + spec.revision() + ".\n"
                + "-module(" + atom(app) + ").\n"
                + "-export([version/0]).\n\n"
                + "version() -> " + string(spec.version()) + ".\n").getBytes(UTF_8));
        if (spec.payloadBytes() > 0) {
            long seed = (spec.name() + "-" + spec.version() + "-" + spec.revision()).hashCode();
            files.put("priv/payload.bin", RandomBytes.slice(seed, spec.payloadBytes()));
        }
        return files;
    }

    private static String rebarConfig(TarballSpec spec) {
        // rebar3 has no optional dependencies: like `rebar3 hex publish`, list the required ones only.
        List<DependencySpec> required = spec.dependencies().stream().filter(d -> !d.optional()).toList();
        return "{erl_opts, [debug_info]}.\n{deps, " + list(required, dep -> dep.app().equals(dep.name())
                ? tuple(atom(dep.name()), string(dep.requirement()))
                : tuple(atom(dep.app()), string(dep.requirement()), tuple("pkg", atom(dep.name())))) + "}.\n";
    }

    private static String appSrc(TarballSpec spec) {
        List<String> applications = new ArrayList<>(List.of("kernel", "stdlib"));
        spec.dependencies().forEach(d -> applications.add(d.app()));
        List<String> optional = spec.dependencies().stream().filter(DependencySpec::optional)
                .map(DependencySpec::app).toList();
        return "{application, " + atom(spec.app()) + ",\n"
                + " [{description, " + string(spec.description()) + "},\n"
                + "  {vsn, " + string(spec.version()) + "},\n"
                + "  {registered, []},\n"
                + "  {applications, " + list(applications, ErlangTerms::atom) + "},\n"
                + "  {optional_applications, " + list(optional, ErlangTerms::atom) + "},\n"
                + "  {env, []},\n"
                + "  {modules, []},\n"
                + "  {licenses, " + list(spec.licenses(), ErlangTerms::string) + "},\n"
                + "  {links, [{\"Homepage\", " + string("https://example.org/" + spec.name()) + "}]}\n"
                + " ]}.\n";
    }

    static byte[] tar(Map<String, byte[]> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(members));
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(member.getKey());
                entry.setSize(member.getValue().length);
                entry.setMode(FILE_MODE);
                entry.setLastModifiedTime(MEMBER_TIME);
                // The default owner is the JVM's user.name: fix it for reproducible bytes.
                entry.setUserName("");
                entry.setGroupName("");
                entry.setIds(0, 0);
                tar.putArchiveEntry(entry);
                tar.write(member.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tar to memory", e);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] content) {
        return gzip(content, Deflater.DEFAULT_COMPRESSION);
    }

    /** Gzip at a deflate level: {@link Deflater#NO_COMPRESSION} stores the content in blocks of up to 64 KB. */
    static byte[] gzip(byte[] content, int level) {
        // GZIPOutputStream writes a zero modification time, so equal input gives equal output.
        ByteArrayOutputStream out = new ByteArrayOutputStream(level == Deflater.NO_COMPRESSION
                ? content.length + content.length / 8192 + 64 : content.length / 2 + 64);
        try (GZIPOutputStream gz = new LeveledGzip(out, level)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gzip in memory", e);
        }
        return out.toByteArray();
    }

    /** A gzip stream at a chosen deflate level ({@link GZIPOutputStream} has no constructor for one). */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
            super(out);
            def.setLevel(level);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static int estimate(Map<String, byte[]> members) {
        return members.values().stream().mapToInt(b -> b.length + 1024).sum() + 10240;
    }
}
