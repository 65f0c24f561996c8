package io.hexmirror.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.proto.Dependency;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.RetirementReason;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake upstream built from the real registry snapshot serves exactly the snapshot's data. */
class RegistrySnapshotTest {
    static FakeHexRepository upstream;

    @BeforeAll
    static void build() {
        upstream = RegistrySnapshot.upstream();
    }

    @Test
    void servesEveryPackageReleaseDependencyAndRetirementOfTheSnapshot() throws Exception {
        RegistryReader reader = upstream.reader();
        int releases = 0;
        assertThat(upstream.packageNames()).containsExactlyInAnyOrderElementsOf(
                RegistrySnapshot.packages().stream().map(RegistrySnapshot.PackageEntry::name).toList());
        for (RegistrySnapshot.PackageEntry expected : RegistrySnapshot.packages()) {
            Package served = reader.readPackage(expected.name(), upstream.file("packages/" + expected.name()).orElseThrow());
            Map<String, Release> byVersion = served.getReleasesList().stream()
                    .collect(Collectors.toMap(Release::getVersion, Function.identity()));
            assertThat(byVersion.keySet()).as(expected.name())
                    .containsExactlyInAnyOrderElementsOf(expected.releases().stream().map(RegistrySnapshot.ReleaseEntry::version).toList());
            for (RegistrySnapshot.ReleaseEntry release : expected.releases()) {
                releases++;
                Release actual = byVersion.get(release.version());
                String what = expected.name() + " " + release.version();
                assertThat(dependencies(actual)).as(what).containsExactlyInAnyOrderElementsOf(
                        release.dependencies().stream()
                                .map(d -> d.packageName() + " " + d.requirement() + " optional=" + d.optional() + " app="
                                        + d.app() + " repository=" + d.repository())
                                .toList());
                if (release.retired() == null) {
                    assertThat(actual.hasRetired()).as(what).isFalse();
                } else {
                    assertThat(actual.getRetired().getReason()).as(what)
                            .isEqualTo(RetirementReason.valueOf(release.retired().reason()).getNumber());
                    assertThat(actual.getRetired().getMessage()).as(what).isEqualTo(release.retired().message());
                }
                // The fake builds its own tarballs: the registry carries their checksums, not hex.pm's.
                assertThat(SyncFixture.sha256Bytes(upstream.file("tarballs/" + expected.name() + "-" + release.version()
                        + ".tar").orElseThrow())).as(what).isEqualTo(upstream.tarballChecksums(expected.name(),
                        release.version()).outer()).isNotEqualTo(release.outerChecksum());
            }
        }
        assertThat(releases).isEqualTo(420);
    }

    @Test
    void versionsIndexListsTheRetiredReleases() throws Exception {
        VersionsPackage plugCowboy = upstream.reader().readVersions(upstream.file("versions").orElseThrow()).getPackagesList()
                .stream().filter(p -> p.getName().equals("plug_cowboy")).findFirst().orElseThrow();

        List<String> retired = new ArrayList<>();
        plugCowboy.getRetiredList().forEach(i -> retired.add(plugCowboy.getVersions(i)));
        assertThat(retired).containsExactly("2.2.0", "2.2.1", "2.2.2");
    }

    /** A dependency as the snapshot writes it: app and repository spelled out even at their defaults. */
    private static List<String> dependencies(Release release) {
        return release.getDependenciesList().stream()
                .map((Dependency d) -> d.getPackage() + " " + d.getRequirement() + " optional=" + d.getOptional() + " app="
                        + (d.hasApp() ? d.getApp() : d.getPackage()) + " repository="
                        + (d.hasRepository() ? d.getRepository() : "hexpm"))
                .toList();
    }
}
