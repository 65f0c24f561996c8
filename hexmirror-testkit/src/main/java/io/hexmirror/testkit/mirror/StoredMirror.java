package io.hexmirror.testkit.mirror;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RegistryWriter;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.RetirementStatus;
import io.hexmirror.registry.proto.SecurityAdvisory;
import io.hexmirror.registry.proto.Timestamp;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a mirror straight into a storage, the way a sync leaves it (signed package files, tarballs,
 * the mirror's public key), but with any metadata a test needs, hostile included: the fake upstream's
 * builder only writes well-behaved packages. Not thread-safe.
 */
public final class StoredMirror {
    private static final KeyPair KEYS = RepositoryKeys.generate();
    private final Storage storage;
    private final Map<String, Package.Builder> packages = new TreeMap<>();

    public StoredMirror(Storage storage) throws IOException {
        this.storage = storage;
        storage.write(RegistryPaths.PUBLIC_KEY, RepositoryKeys.toPem(KEYS.getPublic()).getBytes(UTF_8), WriteOptions.defaults());
    }

    /** Verifies nothing the mirror would not: the key is written into the mirror, so any reader name works. */
    public static RegistryReader reader() {
        return new RegistryReader(KEYS.getPublic(), "hexpm");
    }

    /** A release described by metadata terms; its tarball goes into the mirror unless {@code mirrored} is false. */
    public final class ReleaseSpec {
        final String name;
        final String version;
        String description = "";
        List<String> licenses = List.of("Apache-2.0");
        List<String> buildTools = List.of("mix");
        Map<String, String> links = new LinkedHashMap<>();
        final List<String[]> deps = new ArrayList<>();
        String readme;
        String rawMetadata;
        Instant publishedAt = Instant.parse("2024-01-01T00:00:00Z");
        RetirementStatus retired;
        boolean mirrored = true;

        ReleaseSpec(String name, String version) {
            this.name = name;
            this.version = version;
        }

        public ReleaseSpec description(String text) {
            this.description = text;
            return this;
        }

        public ReleaseSpec licenses(String... names) {
            this.licenses = List.of(names);
            return this;
        }

        public ReleaseSpec buildTools(String... tools) {
            this.buildTools = List.of(tools);
            return this;
        }

        public ReleaseSpec link(String label, String url) {
            links.put(label, url);
            return this;
        }

        public ReleaseSpec dep(String dep, String requirement, boolean optional) {
            deps.add(new String[] {dep, requirement, String.valueOf(optional)});
            return this;
        }

        public ReleaseSpec readme(String text) {
            this.readme = text;
            return this;
        }

        /** Replaces the generated metadata.config with these bytes (as ISO-8859-1 characters, so any byte can be written). */
        public ReleaseSpec rawMetadata(String latin1) {
            this.rawMetadata = latin1;
            return this;
        }

        public ReleaseSpec publishedAt(Instant time) {
            this.publishedAt = time;
            return this;
        }

        public ReleaseSpec retired(int reason, String message) {
            this.retired = RetirementStatus.newBuilder().setReason(reason).setMessage(message).build();
            return this;
        }

        public ReleaseSpec notMirrored() {
            this.mirrored = false;
            return this;
        }

        /** Adds the release to the package (written by {@link #write()}). */
        public StoredMirror add() throws IOException {
            byte[] readmeBytes = readme == null ? null : readme.getBytes(UTF_8);
            byte[] metadata = rawMetadata != null ? rawMetadata.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1) : metadata().getBytes(UTF_8);
            return addTarball(this, tarball(metadata, readmeBytes));
        }

        private String metadata() {
            StringBuilder m = new StringBuilder();
            m.append("{<<\"app\">>,").append(bin(name)).append("}.\n");
            m.append("{<<\"build_tools\">>,").append(list(buildTools)).append("}.\n");
            m.append("{<<\"description\">>,").append(bin(description)).append("}.\n");
            m.append("{<<\"licenses\">>,").append(list(licenses)).append("}.\n");
            m.append("{<<\"links\">>,[");
            String sep = "";
            for (Map.Entry<String, String> link : links.entrySet()) {
                m.append(sep).append("{").append(bin(link.getKey())).append(",").append(bin(link.getValue())).append("}");
                sep = ",";
            }
            m.append("]}.\n{<<\"name\">>,").append(bin(name)).append("}.\n");
            m.append("{<<\"requirements\">>,[");
            sep = "";
            for (String[] d : deps) {
                m.append(sep).append("{").append(bin(d[0])).append(",[{<<\"app\">>,").append(bin(d[0]))
                        .append("},{<<\"optional\">>,").append(d[2]).append("},{<<\"requirement\">>,").append(bin(d[1])).append("}]}");
                sep = ",";
            }
            m.append("]}.\n{<<\"version\">>,").append(bin(version)).append("}.\n");
            return m.toString();
        }
    }

    public ReleaseSpec release(String name, String version) {
        return new ReleaseSpec(name, version);
    }

    /** Adds a release whose tarball is given (real bytes); its checksums are computed from them. */
    public StoredMirror addRealTarball(String name, String version, byte[] tarball, Instant publishedAt) throws IOException {
        ReleaseSpec spec = new ReleaseSpec(name, version).publishedAt(publishedAt);
        return addTarball(spec, new Tarball(tarball, innerChecksumOf(tarball)));
    }

    /** Adds a registry entry exactly as given, with no tarball in the mirror. */
    public StoredMirror addRegistryRelease(String name, Release release) {
        packages.computeIfAbsent(name, n -> Package.newBuilder().setName(n).setRepository("hexpm")).addReleases(release);
        return this;
    }

    public StoredMirror advisory(String name, String id, String summary, String url, String... versions) {
        Package.Builder pkg = packages.get(name);
        int index = pkg.getAdvisoriesCount();
        pkg.addAdvisories(SecurityAdvisory.newBuilder().setId(id).setSummary(summary).setHtmlUrl(url)
                .setSeverity(io.hexmirror.registry.proto.AdvisorySeverity.SEVERITY_HIGH));
        for (int i = 0; i < pkg.getReleasesCount(); i++) {
            if (List.of(versions).contains(pkg.getReleases(i).getVersion())) {
                pkg.setReleases(i, pkg.getReleases(i).toBuilder().addAdvisoryIndexes(index));
            }
        }
        return this;
    }

    /** Removes a package from the registry files and its tarballs from the mirror. */
    public StoredMirror removePackage(String name) throws IOException {
        Package.Builder pkg = packages.remove(name);
        for (Release release : pkg.getReleasesList()) {
            storage.delete(RegistryPaths.tarballKey(name, release.getVersion()));
        }
        storage.delete(RegistryPaths.packageKey(name));
        return this;
    }

    /** Removes one release from the registry file and its tarball. */
    public StoredMirror removeRelease(String name, String version) throws IOException {
        Package.Builder pkg = packages.get(name);
        for (int i = 0; i < pkg.getReleasesCount(); i++) {
            if (pkg.getReleases(i).getVersion().equals(version)) {
                pkg.removeReleases(i);
                break;
            }
        }
        storage.delete(RegistryPaths.tarballKey(name, version));
        return this;
    }

    public StoredMirror retire(String name, String version, int reason, String message) {
        Package.Builder pkg = packages.get(name);
        for (int i = 0; i < pkg.getReleasesCount(); i++) {
            if (pkg.getReleases(i).getVersion().equals(version)) {
                pkg.setReleases(i, pkg.getReleases(i).toBuilder()
                        .setRetired(RetirementStatus.newBuilder().setReason(reason).setMessage(message)));
            }
        }
        return this;
    }

    /** Writes the signed package files of every package. */
    public StoredMirror write() throws IOException {
        RegistryWriter writer = new RegistryWriter(KEYS.getPrivate());
        for (Map.Entry<String, Package.Builder> pkg : packages.entrySet()) {
            storage.write(RegistryPaths.packageKey(pkg.getKey()), writer.write(pkg.getValue().build()), WriteOptions.defaults());
        }
        return this;
    }

    /** Writes only the named package's file. */
    public StoredMirror write(String name) throws IOException {
        storage.write(RegistryPaths.packageKey(name), new RegistryWriter(KEYS.getPrivate()).write(packages.get(name).build()),
                WriteOptions.defaults());
        return this;
    }

    private record Tarball(byte[] bytes, byte[] inner) {
    }

    private StoredMirror addTarball(ReleaseSpec spec, Tarball tarball) throws IOException {
        Release.Builder release = Release.newBuilder()
                .setVersion(spec.version)
                .setInnerChecksum(ByteString.copyFrom(tarball.inner()))
                .setOuterChecksum(ByteString.copyFrom(sha256(tarball.bytes())))
                .setPublishedAt(Timestamp.newBuilder().setSeconds(spec.publishedAt.getEpochSecond()).setNanos(0));
        for (String[] d : spec.deps) {
            release.addDependencies(io.hexmirror.registry.proto.Dependency.newBuilder().setPackage(d[0]).setRequirement(d[1])
                    .setOptional(Boolean.parseBoolean(d[2])).setApp(d[0]));
        }
        if (spec.retired != null) {
            release.setRetired(spec.retired);
        }
        addRegistryRelease(spec.name, release.build());
        if (spec.mirrored) {
            storage.write(RegistryPaths.tarballKey(spec.name, spec.version), tarball.bytes(), WriteOptions.defaults());
        }
        return this;
    }

    private static Tarball tarball(byte[] metadata, byte[] readme) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put("lib/x.ex", "defmodule X do\nend\n".getBytes(UTF_8));
        if (readme != null) {
            contents.put("README.md", readme);
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar(contents));
        }
        byte[] version = "3".getBytes(UTF_8);
        byte[] inner = sha256(concat(version, metadata, gz.toByteArray()));
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("VERSION", version);
        members.put("CHECKSUM", HexFormat.of().withUpperCase().formatHex(inner).getBytes(UTF_8));
        members.put("metadata.config", metadata);
        members.put("contents.tar.gz", gz.toByteArray());
        return new Tarball(tar(members), inner);
    }

    private static byte[] innerChecksumOf(byte[] tarball) throws IOException {
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(new java.io.ByteArrayInputStream(tarball))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals("CHECKSUM")) {
                    return HexFormat.of().parseHex(new String(tar.readAllBytes(), UTF_8).strip().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        throw new IOException("no CHECKSUM");
    }

    private static byte[] tar(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Erlang binary literal of the text. */
    public static String bin(String text) {
        return "<<\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"/utf8>>";
    }

    private static String list(List<String> texts) {
        return "[" + String.join(",", texts.stream().map(StoredMirror::bin).toList()) + "]";
    }
}
