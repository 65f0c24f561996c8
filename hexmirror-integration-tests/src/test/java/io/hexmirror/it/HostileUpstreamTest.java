package io.hexmirror.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.hexmirror.RollbackException;
import io.hexmirror.generation.DerivedKeys;
import io.hexmirror.mirror.MirrorLock;
import io.hexmirror.registry.RegistryWriter;
import io.hexmirror.registry.proto.Dependency;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.sync.SyncFailure;
import io.hexmirror.sync.SyncSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An upstream that attacks or misbehaves, met by the {@code hexmirror sync} command as users run
 * it, in a JVM with a small heap ({@value #HEAP}): every sync ends with a clear error, the lock
 * released and the mirror as it was, and the next sync against a healthy upstream completes.
 */
class HostileUpstreamTest {
    static final String HEAP = "-Xmx256m";

    @TempDir
    Path dir;

    SyncFixture fixture;
    Path key;
    Map<String, String> lastGood;
    byte[] namesBefore;

    @BeforeEach
    void syncOnceThenChangeUpstream() throws Exception {
        fixture = new SyncFixture(dir.resolve("mirror")).withSampleRepository();
        key = dir.resolve("upstream_key.pem");
        Files.writeString(key, fixture.upstream.publicKeyPem());
        assertThat(fixture.sync().failures()).isEmpty();
        lastGood = fixture.snapshot();
        namesBefore = fixture.upstream.file("names").orElseThrow();
        fixture.upstream.release("plug", "1.16.0").dependsOn("mime", "~> 2.0").publish();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"names", "versions"})
    void aGzipBombAsAnIndexIsRefusedWithinASmallHeap(String index) throws Exception {
        fixture.server.faults().gzipBomb(index);

        Run run = sync();

        assertThat(run.log()).contains(index + ": inflates to more than").doesNotContain("OutOfMemoryError");
        assertThat(run.exitCode()).isEqualTo(3);
        assertUnchangedAndRecovers();
    }

    @Test
    void aGzipBombInEveryPackageFileIsRefusedWithinASmallHeapWhateverTheConcurrency() throws Exception {
        fixture.server.faults().gzipBomb("packages/*");

        Run run = sync("--concurrency", "16");

        assertThat(run.log()).contains("packages/plug: inflates to more than").doesNotContain("OutOfMemoryError");
        // A malformed package file would be malformed again: quarantined, the indexes published (exit 7),
        // and every package keeps its last good file and tarballs.
        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(run.log()).contains("quarantined: plug (package file)");
        Map<String, String> now = fixture.snapshot();
        now.keySet().removeIf(key -> !key.startsWith("packages/") && !key.startsWith("tarballs/"));
        Map<String, String> before = new java.util.TreeMap<>(lastGood);
        before.keySet().removeIf(key -> !key.startsWith("packages/") && !key.startsWith("tarballs/"));
        assertThat(now).isEqualTo(before);
        lastGood = fixture.snapshot();
        assertUnchangedAndRecovers();
    }

    @Test
    void largePackageFilesAtHighConcurrencyAreReadWithinASmallHeap() throws Exception {
        // Sixty packages upstream lists as new, each served as 15 MiB of gzip (of random bytes, so it
        // inflates to as much): just under what a sync accepts of a registry file, and not signed.
        // Read at once by 128 threads, they would need gigabytes.
        for (int i = 0; i < 60; i++) {
            fixture.upstream.publish("large_" + i, "1.0.0");
        }
        fixture.server.faults().replay("packages/*", gzipOfRandomBytes(15 << 20));

        // A generous read timeout: on a busy machine the test's server is slow to serve gigabytes.
        Run run = syncWithTimeout(60, "--concurrency", "64");

        assertThat(run.log()).doesNotContain("OutOfMemoryError").contains("quarantined: large_59 (package file)");
        assertThat(run.exitCode()).as(run.log()).isEqualTo(7);
        Map<String, String> now = fixture.snapshot();
        now.keySet().removeIf(key -> !key.startsWith("packages/") && !key.startsWith("tarballs/"));
        Map<String, String> before = new java.util.TreeMap<>(lastGood);
        before.keySet().removeIf(key -> !key.startsWith("packages/") && !key.startsWith("tarballs/"));
        assertThat(now).as("every package file and tarball as it was").isEqualTo(before);
    }

    @Test
    void tarballsWhoseContentsAreGzipBombsAreRefusedWithinASmallHeapWhateverTheConcurrency() throws Exception {
        // What an author could publish on hex.pm: validly signed and checksummed tarballs whose
        // contents.tar.gz inflates far beyond hex.pm's limit on a package's contents (128 MiB).
        byte[] bomb = gzipOfZeros(512 << 20);
        RegistryWriter upstreamKey = new RegistryWriter(fixture.upstream.keyPair().getPrivate());
        int packages = 16;
        for (int i = 0; i < packages; i++) {
            fixture.upstream.publish("bomb_" + i, "1.0.0");
        }
        for (int i = 0; i < packages; i++) {
            String name = "bomb_" + i;
            byte[] genuine = fixture.upstream.file("tarballs/" + name + "-1.0.0.tar").orElseThrow();
            byte[] metadata = tarMember(genuine, "metadata.config");
            MessageDigest inner = MessageDigest.getInstance("SHA-256");
            inner.update("3".getBytes(UTF_8));
            inner.update(metadata);
            inner.update(bomb);
            byte[] innerChecksum = inner.digest();
            Map<String, byte[]> members = new LinkedHashMap<>();
            members.put("VERSION", "3".getBytes(UTF_8));
            members.put("CHECKSUM", HexFormat.of().withUpperCase().formatHex(innerChecksum).getBytes(UTF_8));
            members.put("metadata.config", metadata);
            members.put("contents.tar.gz", bomb);
            byte[] tarball = tar(members);
            Package pkg = fixture.upstream.reader().readPackage(name, fixture.upstream.file("packages/" + name).orElseThrow());
            Package bombed = pkg.toBuilder().setReleases(0, pkg.getReleases(0).toBuilder()
                    .setInnerChecksum(ByteString.copyFrom(innerChecksum))
                    .setOuterChecksum(ByteString.copyFrom(MessageDigest.getInstance("SHA-256").digest(tarball)))).build();
            fixture.server.faults().replay("packages/" + name, upstreamKey.write(bombed));
            fixture.server.faults().replay("tarballs/" + name + "-1.0.0.tar", tarball);
        }

        Run run = syncWithTimeout(30, "--concurrency", "16");

        assertThat(run.log()).doesNotContain("OutOfMemoryError")
                .contains("tarballs/bomb_0-1.0.0.tar").contains("contents.tar.gz exceeds the limit of 134217728 bytes when inflated");
        // Quarantined (upstream would serve the same bytes again); everything else synced.
        assertThat(run.exitCode()).as(run.log()).isEqualTo(7);
        for (int i = 0; i < packages; i++) {
            assertThat(fixture.storage.stat("tarballs/bomb_" + i + "-1.0.0.tar")).isEmpty();
        }
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isPresent();
        assertThat(fixture.storage.stat(MirrorLock.KEY)).as("the lock, released").isEmpty();
    }

    private static byte[] gzipOfZeros(int size) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (int written = 0; written < size; written += zeros.length) {
                gz.write(zeros);
            }
        }
        return out.toByteArray();
    }

    private static byte[] tarMember(byte[] tarball, String member) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new java.io.ByteArrayInputStream(tarball))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals(member)) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new AssertionError("no " + member + " in the tarball");
    }

    private static byte[] tar(Map<String, byte[]> members) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(member.getKey());
                entry.setSize(member.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(member.getValue());
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] gzipOfRandomBytes(int size) throws IOException {
        byte[] random = new byte[size];
        new java.util.Random(14).nextBytes(random);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size + (size >> 6));
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(random);
        }
        return out.toByteArray();
    }

    @Test
    void anUpstreamDrippingABytePerHalfSecondEndsAtTheDeadline() throws Exception {
        fixture.server.faults().drip("versions", Duration.ofMillis(500));

        long started = System.nanoTime();
        Run run = sync("--request-deadline", "5s", "--retries", "0");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
        assertThat(run.log()).contains("no complete answer within the request deadline of 5 s");
        assertThat(run.exitCode()).isNotZero();
        assertUnchangedAndRecovers();
    }

    @Test
    void anEndlessBodyEndsAtTheDeadlineAndOnlyItsPackageWaits() throws Exception {
        fixture.server.faults().endless("tarballs/plug-1.16.0.tar", Duration.ofMillis(100));

        Run run = sync("--request-deadline", "5s");

        assertThat(run.log()).contains("tarballs/plug-1.16.0.tar").contains("no complete answer within the request deadline");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(fixture.sha256("packages/plug")).isEqualTo(lastGood.get("packages/plug"));
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isEmpty();
        assertThat(fixture.storage.stat(MirrorLock.KEY)).as("the lock, released").isEmpty();
        fixture.server.faults().clear();
        assertThat(sync().exitCode()).isZero();
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isPresent();
    }

    @Test
    void aFailedPackageLeavesEveryFileOfItAsItWas() throws Exception {
        fixture.upstream.replaceTarball("mime", "2.0.0");
        fixture.upstream.release("mime", "2.0.1").publish();
        fixture.server.faults().status("tarballs/mime-2.0.1.tar", 404);

        SyncSummary summary = fixture.sync();

        assertThat(summary.failures()).extracting(SyncFailure::subject).contains("tarballs/mime-2.0.1.tar");
        // The replaced release's new tarball was downloaded and verified, but held back with its package file.
        assertThat(fixture.sha256("tarballs/mime-2.0.0.tar")).isEqualTo(lastGood.get("tarballs/mime-2.0.0.tar"));
        assertThat(fixture.sha256("packages/mime")).isEqualTo(lastGood.get("packages/mime"));
        assertThat(fixture.verify().problems()).isEmpty();

        fixture.server.faults().clear();
        assertThat(fixture.sync().failures()).isEmpty();
        assertThat(fixture.sha256("tarballs/mime-2.0.0.tar")).isNotEqualTo(lastGood.get("tarballs/mime-2.0.0.tar"));
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void anOlderValidlySignedNamesIsRefusedAsARollback() throws Exception {
        assertThat(fixture.sync().failures()).isEmpty();
        Map<String, String> current = fixture.snapshot();
        fixture.server.faults().replay("names", namesBefore);

        assertThatThrownBy(fixture::sync).isInstanceOf(RollbackException.class)
                .hasMessageContaining("names from upstream " + fixture.server.baseUri())
                .hasMessageContaining("is older than the mirror's copy").hasMessageContaining("plug (")
                .hasMessageContaining("nothing was changed");
        assertThat(fixture.snapshot()).isEqualTo(current);
    }

    @Test
    void aLiftedSecurityRetirementIsReportedLoudly() throws Exception {
        byte[] plugBefore = fixture.upstream.file("packages/plug").orElseThrow();
        fixture.upstream.retire("plug", "1.15.0", 2, "security hole");
        assertThat(fixture.sync().failures()).isEmpty();
        fixture.upstream.release("plug", "1.16.1").publish();
        fixture.server.faults().replay("packages/plug", plugBefore);

        Run run = sync();

        assertThat(run.log()).contains("packages/plug: upstream no longer retires 1.15.0 (was retired: 2, \"security hole\")")
                .contains("a rollback");
    }

    @Test
    void hostileNamesAndVersionsInSignedRegistryFilesAreSkippedAndReported() throws Exception {
        serveSignedRegistryWithHostileNames();

        SyncSummary summary = fixture.sync();

        assertThat(summary.failures()).extracting(SyncFailure::message)
                .anyMatch(m -> m.contains("upstream lists a package named '../x', which is not a valid package name: skipped"))
                .anyMatch(m -> m.contains("upstream lists a package named 'a/b'"))
                .anyMatch(m -> m.contains("upstream lists a package named '" + "a".repeat(57) + "... (255 characters)'"))
                .anyMatch(m -> m.contains("upstream lists release '../../names', which is not a valid version"))
                .anyMatch(m -> m.contains("which is not a valid version or makes a tarball name too long"));
        // Everything valid went through, the new release included; no file escaped the mirror's layout.
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isPresent();
        assertThat(fixture.mirrorDir.resolveSibling("x")).doesNotExist();
        assertThat(fixture.snapshot().keySet()).allMatch(k -> k.equals("names") || k.equals("versions") || k.equals("public_key")
                || k.matches("packages/[a-z_]+") || k.matches("tarballs/[a-z_]+-[0-9.]+\\.tar"));
    }

    @Test
    void hostileNamesInSignedRegistryFilesEndTheSyncCommandAsAnUpstreamProblemNotAUsageError() throws Exception {
        serveSignedRegistryWithHostileNames();

        Run run = sync();

        // Exit code 1: the sync is incomplete because of upstream, not 2 (a usage error) nor 70 (a bug).
        assertThat(run.exitCode()).as(run.log()).isEqualTo(1);
        assertThat(run.log()).contains("upstream lists a package named '../x', which is not a valid package name: skipped")
                .contains("upstream lists release '../../names', which is not a valid version")
                .doesNotContain("looks like a bug").doesNotContain("\tat ");
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isPresent();
        assertThat(fixture.storage.stat(MirrorLock.KEY)).as("the lock, released").isEmpty();
    }

    @Test
    void hostileDependenciesInASignedPackageFileAreSkippedWithAWarningBySelectiveSync() throws Exception {
        // A selective sync follows dependencies: names and requirements hex.pm would never accept.
        RegistryWriter upstreamKey = new RegistryWriter(fixture.upstream.keyPair().getPrivate());
        Package plug = fixture.upstream.reader().readPackage("plug", fixture.upstream.file("packages/plug").orElseThrow());
        int latest = plug.getReleasesCount() - 1;
        Package hostilePlug = plug.toBuilder().setReleases(latest, plug.getReleases(latest).toBuilder()
                .addDependencies(Dependency.newBuilder().setPackage("../x").setRequirement("~> 1.0").setApp("x"))
                .addDependencies(Dependency.newBuilder().setPackage("a".repeat(255)).setRequirement("~> 1.0").setApp("a"))
                .addDependencies(Dependency.newBuilder().setPackage("mime").setRequirement("~> ../../names").setApp("mime")))
                .build();
        fixture.server.faults().replay("packages/plug", upstreamKey.write(hostilePlug));

        Run run = sync("--package", "plug");

        // Skipped with a warning each; the selection itself is mirrored in full (plug and what it genuinely needs).
        assertThat(run.exitCode()).as(run.log()).isZero();
        assertThat(run.log()).contains("plug 1.16.0 depends on an invalid package name \"../x\"; it is skipped")
                .contains("plug 1.16.0 depends on mime with an unparsable requirement; it is not followed")
                .doesNotContain("looks like a bug").doesNotContain("\tat ");
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isPresent();
        assertThat(fixture.mirrorDir.resolveSibling("x")).doesNotExist();
        assertThat(fixture.storage.stat(MirrorLock.KEY)).as("the lock, released").isEmpty();
    }

    /** Upstream's indexes and plug's package file, validly signed, listing names and versions hex.pm never would. */
    private void serveSignedRegistryWithHostileNames() throws Exception {
        RegistryWriter upstreamKey = new RegistryWriter(fixture.upstream.keyPair().getPrivate());
        String longName = "a".repeat(255);
        Names names = Names.parseFrom(fixture.upstream.reader().verifiedPayload(fixture.upstream.file("names").orElseThrow(), "names"));
        Versions versions = Versions.parseFrom(
                fixture.upstream.reader().verifiedPayload(fixture.upstream.file("versions").orElseThrow(), "versions"));
        Names.Builder hostileNames = names.toBuilder();
        Versions.Builder hostileVersions = versions.toBuilder();
        for (String hostile : List.of("../x", "a/b", longName)) {
            hostileNames.addPackages(NamesPackage.newBuilder().setName(hostile).setUpdatedAt(names.getPackages(0).getUpdatedAt()));
            hostileVersions.addPackages(VersionsPackage.newBuilder().setName(hostile).addVersions("1.0.0"));
        }
        Package plug = fixture.upstream.reader().readPackage("plug", fixture.upstream.file("packages/plug").orElseThrow());
        Package hostilePlug = plug.toBuilder()
                .addReleases(plug.getReleases(0).toBuilder().setVersion("../../names"))
                .addReleases(plug.getReleases(0).toBuilder().setVersion("1.0.0-" + "x".repeat(240)))
                .build();
        fixture.server.faults().replay("names", upstreamKey.write(hostileNames.build()));
        fixture.server.faults().replay("versions", upstreamKey.write(hostileVersions.build()));
        fixture.server.faults().replay("packages/plug", upstreamKey.write(hostilePlug));
    }

    record Run(int exitCode, String log) {
    }

    private Run sync(String... options) throws IOException, InterruptedException {
        return syncWithTimeout(3, options);
    }

    private Run syncWithTimeout(int timeoutSeconds, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("sync", "--upstream", fixture.server.baseUri().toString(),
                "--upstream-key", key.toString(), "--timeout", String.valueOf(timeoutSeconds)));
        args.addAll(List.of(options));
        args.add(fixture.mirrorDir.toString());
        try (HexmirrorProcess process = HexmirrorProcess.start(dir.resolve("logs-" + System.nanoTime()), List.of(HEAP), args)) {
            int exit = process.awaitExit(Duration.ofMinutes(3));
            return new Run(exit, process.output());
        }
    }

    private void assertUnchangedAndRecovers() throws Exception {
        assertThat(fixture.storage.stat(MirrorLock.KEY)).as("the lock, released").isEmpty();
        // The CLI's sync writes the catalog's pages of what the mirror holds; those are derived files, not
        // mirror content (see DerivedKeys): the content is what must be as before.
        Map<String, String> now = withoutDerived(fixture.snapshot());
        assertThat(now).isEqualTo(withoutDerived(lastGood));
        fixture.server.faults().clear();
        Run healthy = sync();
        assertThat(healthy.exitCode()).as(healthy.log()).isZero();
        assertThat(fixture.storage.stat("tarballs/plug-1.16.0.tar")).isPresent();
    }

    private static Map<String, String> withoutDerived(Map<String, String> files) {
        Map<String, String> content = new TreeMap<>(files);
        content.keySet().removeIf(DerivedKeys::isDerived);
        return content;
    }
}
