package io.hexmirror.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.ChecksumMismatchException;
import io.hexmirror.VerificationException;
import io.hexmirror.registry.proto.Dependency;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.version.Requirement;
import io.hexmirror.version.Version;
import io.hexmirror.version.VersionParseException;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closure over the real hex.pm registry entries of 2020-09-17 (see {@link RegistryFixture}). The
 * expected sets were worked out by hand from the JSON; the comments give the reasoning.
 */
class DependencyClosureTest {
    // Versions of the fixture packages that recur below.
    private static final List<String> MIME_1 = List.of("1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.3.0", "1.3.1", "1.4.0");
    private static final List<String> PLUG_1_10 = List.of("1.10.0", "1.10.1", "1.10.2", "1.10.3", "1.10.4");
    private static final List<String> TELEMETRY_0_4 = List.of("0.4.0", "0.4.1", "0.4.2");

    @Test
    void plugTenPullsMimePlugCryptoAndTelemetry() throws Exception {
        // plug ~> 1.10 = 1.10.0 .. 1.10.4. Every one of them requires
        //   mime ~> 1.0                  -> all mime 1.x (mime 0.0.1 is below)
        //   plug_crypto ~> 1.1.1 or ~> 1.2 -> 1.1.1, 1.1.2 (there is no 1.2 yet; 1.0.0 and 1.1.0 are below)
        //   telemetry ~> 0.4             -> 0.4.0, 0.4.1, 0.4.2
        // None of those has dependencies, and every package is in the fixture: no notes.
        Selection selection = compute(request().addPackage("plug", req("~> 1.10")));

        assertThat(asStrings(selection)).isEqualTo(Map.of(
                "plug", PLUG_1_10,
                "mime", MIME_1,
                "plug_crypto", List.of("1.1.1", "1.1.2"),
                "telemetry", TELEMETRY_0_4));
        assertThat(selection.releaseCount()).isEqualTo(17);
        assertThat(selection.notes()).isEmpty();
    }

    @Test
    void optionalDependencyIsStillSelectedWhenAnotherReleaseNeedsItNonOptionally() throws Exception {
        // plug 1.10.0 and 1.10.1 declare telemetry ~> 0.4 optional, 1.10.2 .. 1.10.4 non-optional:
        // without optional dependencies telemetry still comes in through the later releases.
        Selection selection = compute(request().addPackage("plug", req("~> 1.10")).includeOptional(false));

        assertThat(selection.versions("telemetry")).map(Version::toString).containsExactlyElementsOf(TELEMETRY_0_4);
        assertThat(selection.versions("plug")).hasSize(5);
    }

    @Test
    void optionalDependenciesAreFollowedOnlyWhenIncluded() throws Exception {
        // plug 1.10.0 alone: its telemetry dependency is optional.
        Selection without = compute(request().addPackage("plug", req("1.10.0")).includeOptional(false));
        Selection with = compute(request().addPackage("plug", req("1.10.0")));

        assertThat(asStrings(without)).isEqualTo(Map.of(
                "plug", List.of("1.10.0"), "mime", MIME_1, "plug_crypto", List.of("1.1.1", "1.1.2")));
        assertThat(asStrings(with)).isEqualTo(Map.of(
                "plug", List.of("1.10.0"), "mime", MIME_1, "plug_crypto", List.of("1.1.1", "1.1.2"),
                "telemetry", TELEMETRY_0_4));
    }

    @Test
    void phoenixOneVersionWithoutOptionalDependencies() throws Exception {
        // phoenix 1.5.4 requires, non-optionally:
        //   phoenix_pubsub ~> 2.0            -> 2.0.0
        //   plug ~> 1.10                     -> plug 1.10.x and, through it, mime 1.x, plug_crypto 1.1.1/1.1.2, telemetry 0.4.x
        //   plug_crypto ~> 1.1.2 or ~> 1.2   -> 1.1.2 (already there)
        //   telemetry ~> 0.4                 -> 0.4.x (already there)
        // Its optional jason, phoenix_html and plug_cowboy are left out.
        Selection selection = compute(request().addPackage("phoenix", req("== 1.5.4")).includeOptional(false));

        assertThat(asStrings(selection)).isEqualTo(Map.of(
                "phoenix", List.of("1.5.4"),
                "phoenix_pubsub", List.of("2.0.0"),
                "plug", PLUG_1_10,
                "mime", MIME_1,
                "plug_crypto", List.of("1.1.1", "1.1.2"),
                "telemetry", TELEMETRY_0_4));
        assertThat(selection.releaseCount()).isEqualTo(19);
        assertThat(selection.notes()).isEmpty();
    }

    @Test
    void phoenixOneVersionWithOptionalDependencies() throws Exception {
        // On top of the previous test, phoenix 1.5.4's optional dependencies:
        //   jason ~> 1.0          -> 1.0.0 .. 1.2.2 without the 1.0.0-rc.* pre-releases (8)
        //     jason 1.0.0 .. 1.2.1 need decimal ~> 1.0 (optional) -> decimal 1.0.0 .. 1.9.0, not 1.9.0-rc.0 (16)
        //     jason 1.2.2 needs decimal ~> 1.0 or ~> 2.0         -> adds 2.0.0, not 2.0.0-rc.0 (17 in all)
        //   phoenix_html ~> 2.13  -> 2.13.0 .. 2.14.2 (8), each needing plug ~> 1.5
        //     plug ~> 1.5         -> 1.5.0 .. 1.10.4 without the 1.5.0-rc.* (20)
        //       plug 1.7 .. 1.9 need plug_crypto ~> 1.0 -> adds plug_crypto 1.0.0 and 1.1.0
        //       plug 1.5 and 1.6 need cowboy (optional), which the fixture lacks
        //   plug_cowboy ~> 1.0 or ~> 2.2 -> 1.0.0, 2.2.0, 2.2.1, 2.2.2, 2.3.0; 2.2.x are retired
        //     but resolve like any release; all need plug ~> 1.7 and cowboy: one warning for cowboy
        Selection selection = compute(request().addPackage("phoenix", req("== 1.5.4")));

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

        assertThat(asStrings(selection)).isEqualTo(expected);
        assertThat(selection.releaseCount()).isEqualTo(74);
        assertThat(selection.notes()).singleElement().satisfies(note -> {
            assertThat(note.severity()).isEqualTo(SelectionNote.Severity.WARNING);
            // Reported once, naming the first requirer in breadth-first order.
            assertThat(note.message()).isEqualTo("package cowboy was not found upstream (required by plug_cowboy 1.0.0)");
        });
    }

    @Test
    void preReleasesOfDependenciesComeInOnlyWhenAllowed() throws Exception {
        // jason 1.2.2 needs decimal "~> 1.0 or ~> 2.0". As Hex resolves, neither clause admits a
        // pre-release. With pre-releases allowed, ~> 1.0 admits 1.9.0-rc.0 (inside 1.0.0 .. 2.0.0-0);
        // 2.0.0-rc.0 stays out because it ranks below ~> 2.0's lower bound 2.0.0.
        Selection off = compute(request().addPackage("jason", req("1.2.2")));
        Selection on = compute(request().addPackage("jason", req("1.2.2")).allowPreReleases(true));

        assertThat(off.versions("decimal")).map(Version::toString).doesNotContain("1.9.0-rc.0", "2.0.0-rc.0")
                .hasSize(17);
        assertThat(on.versions("decimal")).map(Version::toString).contains("1.9.0-rc.0").doesNotContain("2.0.0-rc.0")
                .hasSize(18);
    }

    @Test
    void preReleaseOperandAdmitsPreReleasesAsHexDoes() throws Exception {
        // decimal >= 1.9.0-rc.0: the operand is a pre-release, so pre-releases above it match even
        // with pre-releases disallowed. ~> 1.8 has a release operand and matches none of them.
        assertThat(compute(request().addPackage("decimal", req(">= 1.9.0-rc.0"))).versions("decimal"))
                .map(Version::toString).containsExactly("1.9.0-rc.0", "1.9.0", "2.0.0-rc.0", "2.0.0");
        assertThat(compute(request().addPackage("decimal", req("~> 1.8"))).versions("decimal"))
                .map(Version::toString).containsExactly("1.8.0", "1.8.1", "1.9.0");
        assertThat(compute(request().addPackage("decimal", req("~> 1.8")).allowPreReleases(true)).versions("decimal"))
                .map(Version::toString).containsExactly("1.8.0", "1.8.1", "1.9.0-rc.0", "1.9.0");
    }

    @Test
    void packageWithoutRequirementSelectsEveryReleaseButPreReleases() throws Exception {
        // phoenix_pubsub has 10 releases, one of them 1.0.0-rc.0; it has no dependencies.
        assertThat(compute(request().addPackage("phoenix_pubsub")).versions("phoenix_pubsub")).map(Version::toString)
                .containsExactly("0.0.1", "0.1.0", "1.0.0", "1.0.1", "1.0.2", "1.1.0", "1.1.1", "1.1.2", "2.0.0");
        assertThat(compute(request().addPackage("phoenix_pubsub").allowPreReleases(true)).versions("phoenix_pubsub"))
                .hasSize(10);
    }

    @Test
    void newestOneKeepsTheNewestMatchPerRequirement() throws Exception {
        // plug ~> 1.10 -> 1.10.4; its mime ~> 1.0 -> 1.4.0; plug_crypto ~> 1.1.1 or ~> 1.2 -> 1.1.2;
        // telemetry ~> 0.4 -> 0.4.2.
        assertThat(asStrings(compute(request().addPackage("plug", req("~> 1.10")).newestN(1)))).isEqualTo(Map.of(
                "plug", List.of("1.10.4"), "mime", List.of("1.4.0"), "plug_crypto", List.of("1.1.2"),
                "telemetry", List.of("0.4.2")));

        // phoenix 1.5.4 with optional deps: each requirement contributes its newest match; the
        // requirements on a package all agree on the newest here, so one version each:
        // jason 1.2.2 -> decimal (~> 1.0 or ~> 2.0) 2.0.0; phoenix_html 2.14.2 -> plug (~> 1.5) 1.10.4;
        // plug_cowboy (~> 1.0 or ~> 2.2) 2.3.0.
        Selection phoenix = compute(request().addPackage("phoenix", req("1.5.4")).newestN(1));
        assertThat(asStrings(phoenix)).isEqualTo(Map.of(
                "phoenix", List.of("1.5.4"), "phoenix_pubsub", List.of("2.0.0"), "jason", List.of("1.2.2"),
                "decimal", List.of("2.0.0"), "phoenix_html", List.of("2.14.2"), "plug", List.of("1.10.4"),
                "plug_cowboy", List.of("2.3.0"), "plug_crypto", List.of("1.1.2"), "mime", List.of("1.4.0"),
                "telemetry", List.of("0.4.2")));
    }

    @Test
    void newestNAppliesToEachRequirementSeparately() throws Exception {
        // Two requirements on plug: the root's ~> 1.8.0 (newest 1.8.3) and phoenix 1.4.17's
        // "~> 1.8.1 or ~> 1.9" (newest 1.10.4). Each keeps its newest one, so plug gets two versions.
        Selection selection = compute(request().addPackage("phoenix", req("1.4.17")).addPackage("plug", req("~> 1.8.0"))
                .includeOptional(false).newestN(1));

        assertThat(selection.versions("plug")).map(Version::toString).containsExactly("1.8.3", "1.10.4");
    }

    @Test
    void excludedPackagesAreNeverSelected() throws Exception {
        Selection selection = compute(request().addPackage("plug", req("~> 1.10")).addPackage("telemetry")
                .exclude("telemetry").exclude("plug_crypto"));

        assertThat(asStrings(selection)).isEqualTo(Map.of("plug", PLUG_1_10, "mime", MIME_1));
        assertThat(selection.notes()).extracting(SelectionNote::message).containsExactly(
                "package telemetry is both selected and excluded; it is left out",
                "package plug_crypto is excluded; it is not followed (required by plug 1.10.0)",
                "package telemetry is excluded; it is not followed (required by plug 1.10.0)");
        assertThat(selection.hasWarnings()).isFalse();
    }

    @Test
    void warnsAboutUnknownPackagesAndRequirementsMatchingNothing() throws Exception {
        Selection selection = compute(request().addPackage("no_such_package").addPackage("plug", req("~> 9.0")));

        assertThat(selection.packages()).isEmpty();
        assertThat(selection.notes()).extracting(SelectionNote::toString).containsExactly(
                "WARNING: package no_such_package was not found upstream (required by the selection)",
                "WARNING: no release of plug matches \"~> 9.0\" (required by the selection)");
    }

    @Test
    void loadsEachPackageAtMostOnce() throws Exception {
        RegistryFixture.CountingSource source = RegistryFixture.source();
        Selection selection = DependencyClosure.compute(
                request().addPackage("phoenix").addPackage("plug").addPackage("postgrex").build(), source);

        // Every release of phoenix, plug and postgrex with their whole trees: many requirements name
        // the same packages, yet each package (found or not) is loaded once.
        assertThat(selection.releaseCount()).isGreaterThan(200);
        assertThat(source.loads).doesNotHaveDuplicates().contains("phoenix", "plug", "postgrex", "cowboy");
        assertThat(source.loads).containsAll(selection.packages().keySet());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a performance measure
    void manyPathsToTheSamePackagesAreWalkedOnce() throws Exception {
        // A lattice of 40 levels with two packages each; every release of level i needs both packages
        // of level i+1, under two different requirement strings. There are 2^40 paths from the root to
        // the bottom: only memoising (package, requirement) pairs and selected releases makes this
        // finish. Each package has versions 1.0.0 .. 1.4.0 and every requirement matches them all.
        int levels = 40;
        Map<String, Package> packages = new HashMap<>();
        for (int level = 0; level < levels; level++) {
            for (String side : List.of("a", "b")) {
                Package.Builder pkg = Package.newBuilder().setName(side + level).setRepository("hexpm");
                for (int minor = 0; minor < 5; minor++) {
                    Release.Builder release = release("1." + minor + ".0").toBuilder();
                    if (level + 1 < levels) {
                        release.addDependencies(dep("a" + (level + 1), minor % 2 == 0 ? "~> 1.0" : ">= 1.0.0"));
                        release.addDependencies(dep("b" + (level + 1), minor % 2 == 0 ? ">= 1.0.0" : "~> 1.0"));
                    }
                    pkg.addReleases(release);
                }
                packages.put(side + level, pkg.build());
            }
        }
        RegistryFixture.CountingSource source = new RegistryFixture.CountingSource(packages);

        Selection selection = DependencyClosure.compute(request().addPackage("a0").build(), source);

        assertThat(selection.packages()).hasSize(2 * levels - 1); // b0 is not a dependency of anything
        assertThat(selection.releaseCount()).isEqualTo(5 * (2 * levels - 1));
        assertThat(source.loads).hasSize(2 * levels - 1).doesNotHaveDuplicates();
    }

    @Test
    void skipsDependenciesOnOtherRepositories() throws Exception {
        Package app = Package.newBuilder().setName("app").setRepository("hexpm")
                .addReleases(release("1.0.0",
                        dep("secret", "~> 1.0").setRepository("acme"),
                        dep("jason", "1.2.2").setRepository("hexpm"),
                        dep("mime", "1.4.0")))
                .build();
        RegistryFixture.CountingSource source = sourceWith(app);

        Selection selection = DependencyClosure.compute(request().addPackage("app").includeOptional(false).build(), source);

        assertThat(asStrings(selection)).isEqualTo(Map.of(
                "app", List.of("1.0.0"), "jason", List.of("1.2.2"), "mime", List.of("1.4.0")));
        assertThat(source.loads).doesNotContain("secret");
        assertThat(selection.notes()).extracting(SelectionNote::toString).containsExactly(
                "INFO: app 1.0.0 depends on secret from repository \"acme\", which is not mirrored; it is skipped");
    }

    @Test
    void warnsAboutUnparsableRegistryDataAndCarriesOn() throws Exception {
        Package odd = Package.newBuilder().setName("odd").setRepository("hexpm")
                .addReleases(release("1.0.0", dep("mime", "~> 1"), dep("plug_crypto", "1.1.2")))
                .addReleases(release("1.0", dep("telemetry", "0.4.2")))
                .build();

        Selection selection = DependencyClosure.compute(request().addPackage("odd").build(), sourceWith(odd));

        assertThat(asStrings(selection)).isEqualTo(Map.of("odd", List.of("1.0.0"), "plug_crypto", List.of("1.1.2")));
        assertThat(selection.notes()).extracting(SelectionNote::toString).containsExactly(
                "WARNING: package odd has a release with an unparsable version; it is skipped: invalid version \"1.0\""
                        + " at column 4: expected MAJOR.MINOR.PATCH, found only MAJOR.MINOR",
                "WARNING: odd 1.0.0 depends on mime with an unparsable requirement; it is not followed: invalid"
                        + " requirement \"~> 1\" at column 5: version \"1\": expected at least MAJOR.MINOR, found only MAJOR");
    }

    @Test
    void lockedReleasesAreSelectedExactlyAndTheirDependenciesFollowed() throws Exception {
        // decimal 2.0.0 and jason 1.2.2 with their real checksums; jason's decimal dependency
        // ("~> 1.0 or ~> 2.0", optional) is left out without optional dependencies.
        Release decimal = RegistryFixture.release("decimal", "2.0.0");
        Release jason = RegistryFixture.release("jason", "1.2.2");
        Selection selection = compute(request().includeOptional(false)
                .addLocked(locked("decimal", "2.0.0", "34666e9c55dea81013e77d9d87370fe6cb6291d1ef32f46a1600230b1d44f577",
                        "a78296e617b0f5dd4c6caf57c714431347912ffb1d0842e998e9792b5642d697"))
                .addLocked(locked("jason", "1.2.2", hex(jason.getOuterChecksum().toByteArray()),
                        hex(jason.getInnerChecksum().toByteArray())))
                .addLocked(new LockedRelease("plug", Version.parse("1.10.4"), Optional.empty())));

        assertThat(hex(decimal.getOuterChecksum().toByteArray()))
                .isEqualTo("34666e9c55dea81013e77d9d87370fe6cb6291d1ef32f46a1600230b1d44f577");
        assertThat(asStrings(selection)).isEqualTo(Map.of(
                "decimal", List.of("2.0.0"), "jason", List.of("1.2.2"), "plug", List.of("1.10.4"),
                "mime", MIME_1, "plug_crypto", List.of("1.1.1", "1.1.2"), "telemetry", TELEMETRY_0_4));
        assertThat(selection.notes()).isEmpty();
    }

    @Test
    void lockChecksumMismatchIsAnErrorListingEveryMismatch() {
        String wrong = "00".repeat(32);
        SelectionRequest request = request()
                .addLocked(locked("decimal", "2.0.0", wrong, "a78296e617b0f5dd4c6caf57c714431347912ffb1d0842e998e9792b5642d697"))
                .addLocked(locked("mime", "1.4.0", "75fa42c4228ea9a23f70f123c74ba7cece6a03b1fd474fe13f6a7a85c6ea4ff6", wrong))
                .build();

        assertThatThrownBy(() -> DependencyClosure.compute(request, RegistryFixture.source()))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessage("lock file checksums differ from the upstream registry: decimal 2.0.0 outer checksum is "
                        + wrong + " in the lock file but 34666e9c55dea81013e77d9d87370fe6cb6291d1ef32f46a1600230b1d44f577"
                        + " upstream; mime 1.4.0 inner checksum is " + wrong + " in the lock file but "
                        + "5066f14944b470286146047d2f73518cf5cca82f8e4815cf35d196b58cf07c47 upstream");
    }

    @Test
    void lockedReleaseMissingUpstreamIsAWarning() throws Exception {
        Selection selection = compute(request()
                .addLocked(new LockedRelease("plug", Version.parse("1.99.0"), Optional.empty()))
                .addLocked(new LockedRelease("cowboy", Version.parse("2.8.0"), Optional.empty())));

        assertThat(selection.packages()).isEmpty();
        assertThat(selection.notes()).extracting(SelectionNote::toString).containsExactly(
                "WARNING: locked release plug 1.99.0 was not found upstream",
                "WARNING: package cowboy was not found upstream (locked at 2.8.0)");
    }

    @Test
    void sourceFailuresPropagate() {
        PackageSource failing = name -> {
            throw new IOException("upstream unreachable while loading packages/" + name);
        };
        assertThatThrownBy(() -> DependencyClosure.compute(request().addPackage("plug").build(), failing))
                .isInstanceOf(IOException.class).hasMessage("upstream unreachable while loading packages/plug");
    }

    private static SelectionRequest.Builder request() {
        return SelectionRequest.builder();
    }

    private static Selection compute(SelectionRequest.Builder request) throws IOException, VerificationException {
        return DependencyClosure.compute(request.build(), RegistryFixture.source());
    }

    private static Requirement req(String text) throws VersionParseException {
        return Requirement.parse(text);
    }

    private static LockedRelease locked(String name, String version, String outer, String inner) {
        return new LockedRelease(name, Version.tryParse(version).orElseThrow(), Optional.of(outer), Optional.of(inner));
    }

    private static Release release(String version, Dependency.Builder... deps) {
        Release.Builder b = Release.newBuilder().setVersion(version)
                .setInnerChecksum(com.google.protobuf.ByteString.copyFrom(new byte[32]));
        for (Dependency.Builder dep : deps) {
            b.addDependencies(dep);
        }
        return b.build();
    }

    private static Dependency.Builder dep(String name, String requirement) {
        return Dependency.newBuilder().setPackage(name).setRequirement(requirement);
    }

    private static RegistryFixture.CountingSource sourceWith(Package extra) {
        Map<String, Package> packages = new HashMap<>(RegistryFixture.PACKAGES);
        packages.put(extra.getName(), extra);
        return new RegistryFixture.CountingSource(packages);
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static Map<String, List<String>> asStrings(Selection selection) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        selection.packages().forEach((name, versions) -> result.put(name, versions.stream().map(Version::toString).toList()));
        return result;
    }
}
