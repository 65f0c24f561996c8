package io.hexmirror.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticRegistryTest {

    @Test
    void publishesExactlyTheAskedPackagesAndReleasesWithDistinctNames() throws Exception {
        FakeHexRepository repository = FakeHexRepository.create();

        SyntheticRegistry.Shape shape = SyntheticRegistry.populate(repository, 200, 1764, 7);

        assertThat(repository.packageNames()).hasSize(200).containsExactlyInAnyOrderElementsOf(shape.names());
        Versions versions = repository.reader().readVersions(repository.file("versions").orElseThrow());
        assertThat(versions.getPackagesList().stream().mapToInt(VersionsPackage::getVersionsCount).sum()).isEqualTo(1764);
        assertThat(versions.getPackagesList()).allSatisfy(p -> assertThat(p.getVersionsCount()).isPositive());
    }

    @Test
    void theSameSeedGivesTheSameRepository() {
        FakeHexRepository a = FakeHexRepository.create();
        FakeHexRepository b = FakeHexRepository.create();

        SyntheticRegistry.populate(a, 50, 400, 3);
        SyntheticRegistry.populate(b, 50, 400, 3);

        assertThat(a.file("versions")).get().isEqualTo(b.file("versions").orElseThrow());
        assertThat(a.file("names")).get().isEqualTo(b.file("names").orElseThrow());
    }

    @Test
    void payloadsMakeTarballsOfTheAskedAverageSizeAndLeaveTheRegistryAsItWas() {
        FakeHexRepository plain = FakeHexRepository.create();
        FakeHexRepository heavy = FakeHexRepository.create();

        SyntheticRegistry.populate(plain, 40, 400, 5);
        SyntheticRegistry.Shape shape = SyntheticRegistry.populate(heavy, 40, 400, 5, false, 20_000);

        assertThat(heavy.file("versions")).get().isEqualTo(plain.file("versions").orElseThrow());
        long plainBytes = 0;
        long heavyBytes = 0;
        for (String name : shape.names()) {
            for (String version : heavy.versions(name)) {
                plainBytes += plain.file(RegistryPaths.tarballKey(name, version)).orElseThrow().length;
                heavyBytes += heavy.file(RegistryPaths.tarballKey(name, version)).orElseThrow().length;
            }
        }
        // Incompressible payloads add their own size; 400 draws of the log-normal stay near its mean.
        assertThat((heavyBytes - plainBytes) / 400.0).isBetween(15_000.0, 25_000.0);
    }

    @Test
    void refusesFewerReleasesThanPackages() {
        assertThatThrownBy(() -> SyntheticRegistry.populate(FakeHexRepository.create(), 10, 9, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 packages, 9 releases");
    }

    @Test
    void changesTouchDistinctPackagesInTheStatedMix() throws Exception {
        FakeHexRepository repository = FakeHexRepository.create();
        SyntheticRegistry.populate(repository, 100, 500, 11);
        byte[] namesBefore = repository.file("names").orElseThrow();

        UpstreamChanges.ChangeSet changes = UpstreamChanges.apply(repository, 20, 11);

        assertThat(changes).isEqualTo(new UpstreamChanges.ChangeSet(20, 10, 8, 2));
        assertThat(changes.newTarballs()).isEqualTo(12);
        var before = repository.reader().readNames(namesBefore).getPackagesList();
        var after = repository.reader().readNames(repository.file("names").orElseThrow()).getPackagesList();
        long updated = after.stream().filter(p -> !before.contains(p)).count();
        assertThat(updated).isEqualTo(20);
    }

    @Test
    void nextVersionIsThePatchAfterTheLatestOrTheReleaseOfAPreRelease() {
        assertThat(UpstreamChanges.nextVersion("1.2.3", Set.of("1.2.3"))).isEqualTo("1.2.4");
        assertThat(UpstreamChanges.nextVersion("1.2.3-rc.1", Set.of("1.2.3-rc.1"))).isEqualTo("1.2.3");
        assertThat(UpstreamChanges.nextVersion("1.2.3-rc.1", Set.of("1.2.3", "1.2.4", "1.2.3-rc.1"))).isEqualTo("1.2.5");
    }
}
