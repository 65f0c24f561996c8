package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.internal.sync.MirroredReleases;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.verify.MirrorVerifier;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.sync.SyncPlanReport;
import io.hexmirror.sync.SyncSummary;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.verify.VerifyReport;
import io.hexmirror.version.Requirement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dependency closures through the real sync engine, over a test upstream holding the real hex.pm
 * registry entries of 2020-09-17 ({@link RegistrySnapshot}). The expected release sets are the ones
 * worked out by hand from the same JSON in the core's {@code DependencyClosureTest} (its comments
 * give the reasoning); here they must come out as exactly the mirror's tarballs, package files and
 * {@code .hexmirror/selection} entries.
 */
class SnapshotClosureSyncTest {
    private static final List<String> MIME_1 = List.of("1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.3.0", "1.3.1", "1.4.0");
    private static final List<String> PLUG_1_10 = List.of("1.10.0", "1.10.1", "1.10.2", "1.10.3", "1.10.4");
    private static final List<String> TELEMETRY_0_4 = List.of("0.4.0", "0.4.1", "0.4.2");

    /** plug ~> 1.10: 17 releases. */
    private static final Map<String, List<String>> PLUG_TEN = Map.of(
            "plug", PLUG_1_10,
            "mime", MIME_1,
            "plug_crypto", List.of("1.1.1", "1.1.2"),
            "telemetry", TELEMETRY_0_4);

    /** phoenix 1.5.4 without optional dependencies: 19 releases. */
    private static final Map<String, List<String>> PHOENIX_REQUIRED = Map.of(
            "phoenix", List.of("1.5.4"),
            "phoenix_pubsub", List.of("2.0.0"),
            "plug", PLUG_1_10,
            "mime", MIME_1,
            "plug_crypto", List.of("1.1.1", "1.1.2"),
            "telemetry", TELEMETRY_0_4);

    /** phoenix 1.5.4 with optional dependencies: 74 releases. */
    private static final Map<String, List<String>> PHOENIX_ALL = phoenixAll();

    /** Shared: no test changes it, and building 420 releases takes a moment. */
    static FakeHexRepository upstream;

    @TempDir
    Path mirror;

    SyncFixture fixture;

    @BeforeAll
    static void buildUpstream() {
        upstream = RegistrySnapshot.upstream();
    }

    @BeforeEach
    void start() throws Exception {
        fixture = new SyncFixture(mirror, upstream);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void plugTenMirrorsExactlyItsSeventeenReleases() throws Exception {
        SyncSummary summary = sync(select("plug", "~> 1.10"));

        assertThat(summary.failures()).isEmpty();
        assertThat(summary.tarballsDownloaded()).isEqualTo(17);
        assertMirrorHoldsExactly(PLUG_TEN);
        // Verbatim: the package files are upstream's bytes, still listing every release.
        assertThat(fixture.sha256("packages/plug")).isEqualTo(SyncFixture.sha256Bytes(fixture.upstream.file("packages/plug").orElseThrow()));
        VerifyReport report = fixture.verify();
        assertThat(report.problems()).isEmpty();
        assertThat(report.tarballsChecked()).isEqualTo(17);
        // mime 8 + plug 89 + plug_crypto 4 + telemetry 6 releases upstream, 17 of them mirrored.
        assertThat(report.releasesNotMirrored()).isEqualTo(8 + 89 + 4 + 6 - 17);
    }

    @Test
    void phoenixWithoutOptionalDependenciesMirrorsNineteenReleases() throws Exception {
        SelectionRequest request = SelectionRequest.builder()
                .addPackage("phoenix", Requirement.parse("== 1.5.4")).includeOptional(false).build();

        assertThat(sync(SyncOptions.all().withSelection(request)).failures()).isEmpty();

        assertMirrorHoldsExactly(PHOENIX_REQUIRED);
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void phoenixWithOptionalDependenciesPlansThenMirrorsSeventyFourReleases() throws Exception {
        SyncOptions options = select("phoenix", "== 1.5.4");

        SyncPlanReport plan = fixture.plan(options);

        assertThat(plan.packages()).isEqualTo(10);
        assertThat(plan.releases()).isEqualTo(74);
        assertThat(plan.releasesPresent()).isZero();
        assertThat(plan.bytesToDownload()).isEqualTo(upstreamBytes(PHOENIX_ALL));
        assertThat(plan.unknownSizes()).isZero();
        // plug 1.5/1.6 and plug_cowboy depend on cowboy, which the snapshot lacks.
        assertThat(plan.notes()).containsExactly("package cowboy was not found upstream (required by plug_cowboy 1.0.0)");
        assertThat(plan.problems()).isEmpty();
        assertThat(Files.exists(mirror.resolve("names"))).isFalse();

        SyncSummary summary = sync(options);

        assertThat(summary.failures()).isEmpty();
        assertThat(summary.indexesPublished()).isTrue();
        assertThat(summary.packagesAdded()).isEqualTo(10);
        assertThat(summary.tarballsDownloaded()).isEqualTo(74);
        assertMirrorHoldsExactly(PHOENIX_ALL);
        assertThat(fixture.verify().problems()).isEmpty();
    }

    @Test
    void narrowingTheSelectionRemovesExactlyWhatIsNoLongerNeeded() throws Exception {
        sync(select("phoenix", "== 1.5.4"));
        fixture.server.resetLog();

        SyncSummary summary = sync(select("plug", "~> 1.10"));

        assertThat(summary.failures()).isEmpty();
        assertThat(summary.tarballsDownloaded()).isZero();
        // phoenix, phoenix_pubsub, jason, decimal, phoenix_html and plug_cowboy go entirely.
        assertThat(summary.packagesRemoved()).isEqualTo(6);
        assertThat(summary.tarballsRemoved()).isEqualTo(74 - 17);
        assertMirrorHoldsExactly(PLUG_TEN);
        assertThat(fixture.requestedPaths()).noneMatch(p -> p.startsWith("/tarballs/"));
        assertThat(fixture.verify().problems()).isEmpty();

        // And widening it again fetches only what is missing.
        fixture.server.resetLog();
        SyncSummary widened = sync(select("phoenix", "== 1.5.4"));
        assertThat(widened.tarballsDownloaded()).isEqualTo(74 - 17);
        assertMirrorHoldsExactly(PHOENIX_ALL);
    }

    @Test
    void resignedMirrorListsOnlyTheClosureAndKeepsRetirements() throws Exception {
        KeyPair mirrorKey = RepositoryKeys.generate();
        SelectionRequest request = SelectionRequest.builder()
                .addPackage("phoenix", Requirement.parse("== 1.5.4")).includeOptional(false).build();

        assertThat(sync(SyncOptions.all().withSelection(request).resigned(mirrorKey.getPrivate())).failures()).isEmpty();

        assertMirrorHoldsExactly(PHOENIX_REQUIRED);
        RegistryReader mirrorReader = new RegistryReader(mirrorKey.getPublic(), FakeHexRepository.HEXPM);
        Map<String, List<String>> listed = new TreeMap<>();
        for (String name : PHOENIX_REQUIRED.keySet()) {
            Package pkg = mirrorReader.readPackage(name, Files.readAllBytes(mirror.resolve("packages/" + name)));
            listed.put(name, pkg.getReleasesList().stream().map(Release::getVersion).toList());
        }
        assertThat(listed).isEqualTo(new TreeMap<>(PHOENIX_REQUIRED));
        // plug_crypto 1.1.1 is retired upstream ("Wrong default value is used for salt on encrypt").
        Package plugCrypto = mirrorReader.readPackage("plug_crypto", Files.readAllBytes(mirror.resolve("packages/plug_crypto")));
        assertThat(plugCrypto.getReleases(0).getRetired().getMessage()).isEqualTo("Wrong default value is used for salt on encrypt");
        Versions versions = mirrorReader.readVersions(Files.readAllBytes(mirror.resolve("versions")));
        assertThat(versions.getPackagesList()).extracting(VersionsPackage::getName)
                .containsExactlyElementsOf(new TreeSet<>(PHOENIX_REQUIRED.keySet()));
        VersionsPackage indexed = versions.getPackagesList().stream().filter(p -> p.getName().equals("plug_crypto"))
                .findFirst().orElseThrow();
        assertThat(indexed.getVersionsList()).containsExactly("1.1.1", "1.1.2");
        assertThat(indexed.getRetiredList()).containsExactly(0);
        assertThat(mirrorReader.readNames(Files.readAllBytes(mirror.resolve("names"))).getPackagesList())
                .extracting(p -> p.getName()).containsExactlyElementsOf(new TreeSet<>(PHOENIX_REQUIRED.keySet()));
        VerifyReport report = new MirrorVerifier(fixture.storage, mirrorReader).verify(key -> { });
        assertThat(report.problems()).isEmpty();
        assertThat(report.tarballsChecked()).isEqualTo(19);
        assertThat(report.releasesNotMirrored()).isZero();
    }

    @Test
    void newestOneKeepsOneReleasePerPackage() throws Exception {
        SelectionRequest request = SelectionRequest.builder()
                .addPackage("phoenix", Requirement.parse("1.5.4")).newestN(1).build();

        assertThat(sync(SyncOptions.all().withSelection(request)).failures()).isEmpty();

        assertMirrorHoldsExactly(Map.of(
                "phoenix", List.of("1.5.4"), "phoenix_pubsub", List.of("2.0.0"), "jason", List.of("1.2.2"),
                "decimal", List.of("2.0.0"), "phoenix_html", List.of("2.14.2"), "plug", List.of("1.10.4"),
                "plug_cowboy", List.of("2.3.0"), "plug_crypto", List.of("1.1.2"), "mime", List.of("1.4.0"),
                "telemetry", List.of("0.4.2")));
    }

    @Test
    void excludedPackagesAreLeftOutOfTheClosure() throws Exception {
        SelectionRequest request = SelectionRequest.builder()
                .addPackage("plug", Requirement.parse("~> 1.10")).exclude("telemetry").exclude("plug_crypto").build();

        assertThat(sync(SyncOptions.all().withSelection(request)).failures()).isEmpty();

        assertMirrorHoldsExactly(Map.of("plug", PLUG_1_10, "mime", MIME_1));
    }

    @Test
    void preReleasesComeInOnlyWhenAllowed() throws Exception {
        // jason 1.2.2 needs decimal "~> 1.0 or ~> 2.0" (optional): 17 releases of decimal, plus
        // 1.9.0-rc.0 when pre-releases are allowed (2.0.0-rc.0 ranks below ~> 2.0's lower bound).
        List<String> decimal = new ArrayList<>(List.of("1.0.0", "1.0.1", "1.1.0", "1.1.1", "1.1.2", "1.2.0", "1.3.0",
                "1.3.1", "1.4.0", "1.4.1", "1.5.0", "1.6.0", "1.7.0", "1.8.0", "1.8.1", "1.9.0", "2.0.0"));
        assertThat(sync(select("jason", "1.2.2")).failures()).isEmpty();
        assertMirrorHoldsExactly(Map.of("jason", List.of("1.2.2"), "decimal", decimal));

        SelectionRequest withPreReleases = SelectionRequest.builder()
                .addPackage("jason", Requirement.parse("1.2.2")).allowPreReleases(true).build();
        SyncSummary summary = sync(SyncOptions.all().withSelection(withPreReleases));

        assertThat(summary.tarballsDownloaded()).isEqualTo(1);
        decimal.add(15, "1.9.0-rc.0");
        assertMirrorHoldsExactly(Map.of("jason", List.of("1.2.2"), "decimal", decimal));
    }

    private SyncSummary sync(SyncOptions options) throws Exception {
        return fixture.sync(options, fixture.storage);
    }

    private static SyncOptions select(String name, String requirement) throws Exception {
        return SyncOptions.all().withSelection(SelectionRequest.builder().addPackage(name, Requirement.parse(requirement)).build());
    }

    /**
     * The mirror holds exactly these releases: their tarballs and no others, a package file for
     * each package and no others, and {@code .hexmirror/selection} lists each release with the
     * upstream tarball's checksum.
     */
    private void assertMirrorHoldsExactly(Map<String, List<String>> releases) throws Exception {
        Set<String> tarballs = new TreeSet<>();
        Set<String> selectionLines = new TreeSet<>();
        releases.forEach((name, versions) -> versions.forEach(version -> {
            tarballs.add("tarballs/" + name + "-" + version + ".tar");
            selectionLines.add(name + " " + version + " " + fixture.upstream.tarballChecksums(name, version).outer());
        }));
        Set<String> packageFiles = new TreeSet<>();
        releases.keySet().forEach(name -> packageFiles.add("packages/" + name));

        Set<String> files = fixture.snapshot().keySet();
        assertThat(files.stream().filter(k -> k.startsWith("tarballs/")).toList()).containsExactlyElementsOf(tarballs);
        assertThat(files.stream().filter(k -> k.startsWith("packages/")).toList()).containsExactlyElementsOf(packageFiles);
        for (String tarball : tarballs) {
            assertThat(fixture.sha256(tarball)).as(tarball)
                    .isEqualTo(SyncFixture.sha256Bytes(fixture.upstream.file(tarball).orElseThrow()));
        }
        String recorded = Files.readString(mirror.resolve(MirroredReleases.KEY), StandardCharsets.UTF_8);
        assertThat(recorded.lines().toList()).containsExactlyInAnyOrderElementsOf(selectionLines);
    }

    private long upstreamBytes(Map<String, List<String>> releases) {
        long total = 0;
        for (Map.Entry<String, List<String>> entry : releases.entrySet()) {
            for (String version : entry.getValue()) {
                total += fixture.upstream.file("tarballs/" + entry.getKey() + "-" + version + ".tar").orElseThrow().length;
            }
        }
        return total;
    }

    private static Map<String, List<String>> phoenixAll() {
        Map<String, List<String>> expected = new TreeMap<>();
        expected.put("phoenix", List.of("1.5.4"));
        expected.put("phoenix_pubsub", List.of("2.0.0"));
        expected.put("jason", List.of("1.0.0", "1.0.1", "1.1.0", "1.1.1", "1.1.2", "1.2.0", "1.2.1", "1.2.2"));
        expected.put("decimal", List.of("1.0.0", "1.0.1", "1.1.0", "1.1.1", "1.1.2", "1.2.0", "1.3.0", "1.3.1", "1.4.0",
                "1.4.1", "1.5.0", "1.6.0", "1.7.0", "1.8.0", "1.8.1", "1.9.0", "2.0.0"));
        expected.put("phoenix_html", List.of("2.13.0", "2.13.1", "2.13.2", "2.13.3", "2.13.4", "2.14.0", "2.14.1",
                "2.14.2"));
        expected.put("plug", List.of("1.5.0", "1.5.1", "1.6.0", "1.6.1", "1.6.2", "1.6.3", "1.6.4", "1.7.0", "1.7.1",
                "1.7.2", "1.8.0", "1.8.1", "1.8.2", "1.8.3", "1.9.0", "1.10.0", "1.10.1", "1.10.2", "1.10.3", "1.10.4"));
        expected.put("plug_crypto", List.of("1.0.0", "1.1.0", "1.1.1", "1.1.2"));
        expected.put("plug_cowboy", List.of("1.0.0", "2.2.0", "2.2.1", "2.2.2", "2.3.0"));
        expected.put("mime", MIME_1);
        expected.put("telemetry", TELEMETRY_0_4);
        assertThat(expected.values().stream().mapToInt(List::size).sum()).isEqualTo(74);
        return Map.copyOf(expected);
    }
}
