package io.hexmirror.testkit.upstream;

import static io.hexmirror.testkit.upstream.Archives.gunzip;
import static io.hexmirror.testkit.upstream.Archives.sha256Hex;
import static io.hexmirror.testkit.upstream.Archives.untar;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.AdvisorySeverity;
import io.hexmirror.registry.proto.Dependency;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.RetirementReason;
import io.hexmirror.registry.proto.SecurityAdvisory;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.registry.proto.VersionsPackage;
import io.hexmirror.tarball.PackageTarball;
import io.hexmirror.tarball.TarballReader;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeHexRepositoryTest {
    private final FakeHexRepository repo = FakeHexRepository.create();
    private final RegistryReader reader = repo.reader();

    private Names names() throws Exception {
        return reader.readNames(repo.file("names").orElseThrow());
    }

    private Versions versions() throws Exception {
        return reader.readVersions(repo.file("versions").orElseThrow());
    }

    private Package pkg(String name) throws Exception {
        return reader.readPackage(name, repo.file("packages/" + name).orElseThrow());
    }

    private static VersionsPackage entry(Versions versions, String name) {
        return versions.getPackagesList().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Instant updatedAt(Names names, String name) {
        NamesPackage p = names.getPackagesList().stream().filter(n -> n.getName().equals(name)).findFirst()
                .orElseThrow();
        return Instant.ofEpochSecond(p.getUpdatedAt().getSeconds(), p.getUpdatedAt().getNanos());
    }

    @Test
    void registryFilesAreSignedWithTheRepositoryKeyAndSortedAsHexpmSortsThem() throws Exception {
        repo.publish("plug", "1.10.0").publish("plug", "1.2.0").publish("plug", "1.10.0-rc.1");
        repo.publish("decimal", "2.0.0");
        repo.publish("mime", "1.6.0");

        assertThat(names().getRepository()).isEqualTo("hexpm");
        assertThat(names().getPackagesList()).extracting(NamesPackage::getName)
                .containsExactly("decimal", "mime", "plug");
        assertThat(versions().getRepository()).isEqualTo("hexpm");
        assertThat(versions().getPackagesList()).extracting(VersionsPackage::getName)
                .containsExactly("decimal", "mime", "plug");
        assertThat(entry(versions(), "plug").getVersionsList()).containsExactly("1.2.0", "1.10.0-rc.1", "1.10.0");
        assertThat(pkg("plug").getReleasesList()).extracting(Release::getVersion)
                .containsExactly("1.2.0", "1.10.0-rc.1", "1.10.0");
        assertThat(repo.versions("plug")).containsExactly("1.2.0", "1.10.0-rc.1", "1.10.0");
        assertThat(repo.packageNames()).containsExactly("decimal", "mime", "plug");
    }

    @Test
    void packageFileCarriesChecksumsDependenciesAndPublicationTime() throws Exception {
        repo.publish("mime", "1.6.0");
        repo.release("plug", "1.10.4")
                .dependsOn("mime", "~> 1.0")
                .dependsOnOptional("jason", "~> 1.0")
                .dependency("telemetry_fork", ">= 0.4.0", false, "telemetry", "other_repo")
                .publishedAt(Instant.parse("2020-09-01T12:00:00Z"))
                .publish();

        Package plug = pkg("plug");

        assertThat(plug.getName()).isEqualTo("plug");
        assertThat(plug.getRepository()).isEqualTo("hexpm");
        Release release = plug.getReleases(0);
        byte[] tarball = repo.file("tarballs/plug-1.10.4.tar").orElseThrow();
        TarballChecksums checksums = repo.tarballChecksums("plug", "1.10.4");
        assertThat(HexFormat.of().formatHex(release.getOuterChecksum().toByteArray()))
                .isEqualTo(checksums.outer())
                .isEqualTo(sha256Hex(tarball));
        assertThat(HexFormat.of().formatHex(release.getInnerChecksum().toByteArray()))
                .isEqualTo(checksums.inner())
                .isEqualTo(new String(untar(tarball).get("CHECKSUM"), UTF_8).toLowerCase(Locale.ROOT));
        assertThat(release.getPublishedAt().getSeconds()).isEqualTo(Instant.parse("2020-09-01T12:00:00Z").getEpochSecond());
        // Sorted by package name; app and repository only where they differ from the defaults.
        assertThat(release.getDependenciesList()).containsExactly(
                Dependency.newBuilder().setPackage("jason").setRequirement("~> 1.0").setOptional(true).build(),
                Dependency.newBuilder().setPackage("mime").setRequirement("~> 1.0").build(),
                Dependency.newBuilder().setPackage("telemetry_fork").setRequirement(">= 0.4.0").setApp("telemetry")
                        .setRepository("other_repo").build());
        assertThat(release.hasRetired()).isFalse();
        assertThat(pkg("mime").getReleases(0).getPublishedAt().getSeconds())
                .isEqualTo(FakeHexRepository.EPOCH.plusSeconds(1).getEpochSecond());
    }

    @Test
    void tarballIsVersion3WithRealisticMetadataAndAnUnpackableProject() {
        repo.release("plug", "1.10.4")
                .dependsOn("mime", "~> 1.0")
                .dependsOnOptional("jason", "~> 1.0")
                .description("A specification for composable modules between web applications")
                .licenses("Apache-2.0", "MIT")
                .publish();

        Map<String, byte[]> members = untar(repo.file("tarballs/plug-1.10.4.tar").orElseThrow());

        assertThat(members.keySet()).containsExactly("VERSION", "CHECKSUM", "metadata.config", "contents.tar.gz");
        assertThat(new String(members.get("VERSION"), UTF_8)).isEqualTo("3");
        String inner = sha256Hex(members.get("VERSION"), members.get("metadata.config"), members.get("contents.tar.gz"));
        assertThat(new String(members.get("CHECKSUM"), UTF_8)).isEqualTo(inner.toUpperCase(Locale.ROOT));
        assertThat(new String(members.get("metadata.config"), UTF_8)).isEqualTo(""
                + "{<<\"app\">>,<<\"plug\">>}.\n"
                + "{<<\"build_tools\">>,[<<\"rebar3\">>]}.\n"
                + "{<<\"description\">>,<<\"A specification for composable modules between web applications\">>}.\n"
                + "{<<\"files\">>,[<<\"README.md\">>,<<\"rebar.config\">>,<<\"src/plug.app.src\">>,<<\"src/plug.erl\">>]}.\n"
                + "{<<\"licenses\">>,[<<\"Apache-2.0\">>,<<\"MIT\">>]}.\n"
                + "{<<\"links\">>,[{<<\"Homepage\">>,<<\"https://example.org/plug\">>}]}.\n"
                + "{<<\"name\">>,<<\"plug\">>}.\n"
                + "{<<\"requirements\">>,["
                + "{<<\"mime\">>,[{<<\"app\">>,<<\"mime\">>},{<<\"optional\">>,false},"
                + "{<<\"requirement\">>,<<\"~> 1.0\">>},{<<\"repository\">>,<<\"hexpm\">>}]},"
                + "{<<\"jason\">>,[{<<\"app\">>,<<\"jason\">>},{<<\"optional\">>,true},"
                + "{<<\"requirement\">>,<<\"~> 1.0\">>},{<<\"repository\">>,<<\"hexpm\">>}]}]}.\n"
                + "{<<\"version\">>,<<\"1.10.4\">>}.\n");

        Map<String, byte[]> contents = untar(gunzip(members.get("contents.tar.gz")));
        assertThat(contents.keySet()).containsExactly("README.md", "rebar.config", "src/plug.app.src", "src/plug.erl");
        assertThat(new String(contents.get("src/plug.app.src"), UTF_8))
                .startsWith("{application, plug,\n")
                .contains("{vsn, \"1.10.4\"}", "{applications, [kernel,stdlib,mime,jason]}",
                        "{optional_applications, [jason]}")
                .endsWith(" ]}.\n");
        assertThat(new String(contents.get("rebar.config"), UTF_8))
                .isEqualTo("{erl_opts, [debug_info]}.\n{deps, [{mime,\"~> 1.0\"}]}.\n");
        assertThat(new String(contents.get("src/plug.erl"), UTF_8)).contains("-module(plug).");
    }

    @Test
    void theSameCallsGiveTheSameBytes() {
        FakeHexRepository a = FakeHexRepository.create(FakeHexRepository.sharedKeyPair(), "hexpm");
        FakeHexRepository b = FakeHexRepository.create(FakeHexRepository.sharedKeyPair(), "hexpm");
        for (FakeHexRepository r : List.of(a, b)) {
            r.release("plug", "1.0.0").dependsOn("mime", "~> 1.0").withDocs().publish();
            r.publish("mime", "1.0.0").retire("mime", "1.0.0", RetirementReason.RETIRED_INVALID, "broken");
        }

        assertThat(a.paths()).isEqualTo(b.paths());
        for (String path : a.paths()) {
            assertThat(a.file(path)).as(path).isPresent();
            assertThat(a.file(path).orElseThrow()).as(path).isEqualTo(b.file(path).orElseThrow());
            assertThat(a.file(path).orElseThrow()).as(path + " rebuilt").isEqualTo(a.file(path).orElseThrow());
        }
    }

    @Test
    void updatedAtAdvancesOnEveryChangeToThePackageOnly() throws Exception {
        repo.publish("plug", "1.0.0").publish("mime", "1.0.0");
        Instant plugBefore = updatedAt(names(), "plug");
        Instant mimeBefore = updatedAt(names(), "mime");

        repo.retire("plug", "1.0.0", RetirementReason.RETIRED_OTHER, null);
        Instant afterRetire = updatedAt(names(), "plug");
        repo.publish("plug", "1.1.0");
        Instant afterPublish = updatedAt(names(), "plug");
        repo.advanceClock(Duration.ofDays(2)).replaceTarball("plug", "1.1.0");
        Instant afterReplace = updatedAt(names(), "plug");

        assertThat(afterRetire).isAfter(plugBefore);
        assertThat(afterPublish).isAfter(afterRetire);
        assertThat(afterReplace).isAfterOrEqualTo(afterPublish.plus(Duration.ofDays(2)));
        assertThat(updatedAt(names(), "mime")).isEqualTo(mimeBefore);
        assertThat(repo.now()).isEqualTo(afterReplace);
    }

    @Test
    void retireAndUnretireShowInVersionsAndPackageFiles() throws Exception {
        repo.publish("plug", "1.0.0").publish("plug", "1.1.0").publish("plug", "1.2.0");

        repo.retire("plug", "1.0.0", RetirementReason.RETIRED_SECURITY, "CVE-2099-0001");
        repo.retire("plug", "1.2.0", 42, null);

        assertThat(entry(versions(), "plug").getRetiredList()).containsExactly(0, 2);
        Release first = pkg("plug").getReleases(0);
        assertThat(first.getRetired().getReason()).isEqualTo(RetirementReason.RETIRED_SECURITY.getNumber());
        assertThat(first.getRetired().getMessage()).isEqualTo("CVE-2099-0001");
        Release last = pkg("plug").getReleases(2);
        assertThat(last.getRetired().getReason()).as("unknown reasons pass through").isEqualTo(42);
        assertThat(last.getRetired().hasMessage()).isFalse();

        repo.unretire("plug", "1.0.0");

        assertThat(entry(versions(), "plug").getRetiredList()).containsExactly(2);
        assertThat(pkg("plug").getReleases(0).hasRetired()).isFalse();
    }

    @Test
    void retiringKeepsTheTarballAndItsChecksums() throws Exception {
        repo.publish("plug", "1.0.0");
        byte[] before = repo.file("tarballs/plug-1.0.0.tar").orElseThrow();

        repo.retire("plug", "1.0.0", RetirementReason.RETIRED_DEPRECATED, "use 2.x");

        assertThat(repo.file("tarballs/plug-1.0.0.tar").orElseThrow()).isEqualTo(before);
        assertThat(pkg("plug").getReleases(0).getOuterChecksum().toByteArray())
                .isEqualTo(HexFormat.of().parseHex(sha256Hex(before)));
    }

    @Test
    void removingAReleaseRemovesItsFilesAndTheLastOneRemovesThePackage() throws Exception {
        repo.release("plug", "1.0.0").withDocs().publish().publish("plug", "1.1.0");

        repo.removeRelease("plug", "1.0.0");

        assertThat(repo.file("tarballs/plug-1.0.0.tar")).isEmpty();
        assertThat(repo.file("docs/plug-1.0.0.tar.gz")).isEmpty();
        assertThat(entry(versions(), "plug").getVersionsList()).containsExactly("1.1.0");
        assertThat(pkg("plug").getReleasesList()).extracting(Release::getVersion).containsExactly("1.1.0");

        repo.removeRelease("plug", "1.1.0");

        assertThat(repo.file("packages/plug")).isEmpty();
        assertThat(names().getPackagesList()).isEmpty();
        assertThat(versions().getPackagesList()).isEmpty();
        assertThat(repo.packageNames()).isEmpty();
    }

    @Test
    void removingAPackageRemovesAllItsFiles() throws Exception {
        repo.publish("plug", "1.0.0").publish("plug", "1.1.0").publish("mime", "1.0.0");

        repo.removePackage("plug");

        assertThat(repo.paths()).containsExactly("names", "versions", "public_key", "packages/mime",
                "tarballs/mime-1.0.0.tar");
        assertThat(repo.file("packages/plug")).isEmpty();
        assertThat(repo.file("tarballs/plug-1.1.0.tar")).isEmpty();
        assertThat(names().getPackagesList()).extracting(NamesPackage::getName).containsExactly("mime");
        assertThat(repo.versions("plug")).isEmpty();
    }

    @Test
    void replacingATarballChangesItsBytesAndBothChecksums() throws Exception {
        repo.publish("plug", "1.0.0");
        byte[] before = repo.file("tarballs/plug-1.0.0.tar").orElseThrow();
        TarballChecksums checksumsBefore = repo.tarballChecksums("plug", "1.0.0");

        repo.replaceTarball("plug", "1.0.0");

        byte[] after = repo.file("tarballs/plug-1.0.0.tar").orElseThrow();
        TarballChecksums checksumsAfter = repo.tarballChecksums("plug", "1.0.0");
        assertThat(after).isNotEqualTo(before);
        assertThat(checksumsAfter.outer()).isNotEqualTo(checksumsBefore.outer()).isEqualTo(sha256Hex(after));
        assertThat(checksumsAfter.inner()).isNotEqualTo(checksumsBefore.inner());
        Release release = pkg("plug").getReleases(0);
        assertThat(release.getOuterChecksum().toByteArray()).isEqualTo(checksumsAfter.outerBytes());
        assertThat(release.getInnerChecksum().toByteArray()).isEqualTo(checksumsAfter.innerBytes());
    }

    @Test
    void advisoriesAreListedWithTheirAffectedReleases() throws Exception {
        repo.publish("plug", "1.0.0").publish("plug", "1.1.0").publish("plug", "1.2.0");
        SecurityAdvisory advisory = SecurityAdvisory.newBuilder()
                .setId("GHSA-xxxx-yyyy-zzzz").setSummary("Header injection").setSeverity(AdvisorySeverity.SEVERITY_HIGH)
                .setCvssScore(7.5f).addAliases("CVE-2099-0002").build();

        repo.addAdvisory("plug", advisory, "1.0.0", "1.1.0");

        Package plug = pkg("plug");
        assertThat(plug.getAdvisoriesList()).containsExactly(advisory);
        assertThat(plug.getReleasesList()).extracting(Release::getAdvisoryIndexesList)
                .containsExactly(List.of(0), List.of(0), List.of());
        assertThat(entry(versions(), "plug").getWithAdvisoriesList()).containsExactly(0, 1);
    }

    @Test
    void docsTarballsArePublishedAndRemoved() {
        repo.publish("plug", "1.0.0").publish("plug", "1.1.0");
        byte[] registryBefore = repo.file("packages/plug").orElseThrow();
        repo.publishDocs("plug", "1.1.0");

        assertThat(repo.file("docs/plug-1.0.0.tar.gz")).isEmpty();
        Map<String, byte[]> docs = untar(gunzip(repo.file("docs/plug-1.1.0.tar.gz").orElseThrow()));
        assertThat(docs).containsKeys("index.html", "Plug.html", "readme.html", "api-reference.html", "search.html",
                "404.html", ".build");
        assertThat(new String(docs.get("Plug.html"), UTF_8)).contains("plug v1.1.0").contains("<script src=\"docs_config.js\">");
        assertThat(repo.paths()).contains("docs/plug-1.1.0.tar.gz").doesNotContain("docs/plug-1.0.0.tar.gz");
        assertThat(repo.file("packages/plug").orElseThrow()).as("docs are not in the registry").isEqualTo(registryBefore);

        repo.removeDocs("plug", "1.1.0");

        assertThat(repo.file("docs/plug-1.1.0.tar.gz")).isEmpty();
    }

    @Test
    void docsLookLikeExDocOutputInBothSearchDataFormats() {
        repo.publish("mime", "1.6.0");
        repo.release("plug", "1.0.0").dependsOn("mime", "~> 1.0").withDocs().publish();
        repo.release("cowboy", "2.0.0").withDocs(DocsSpec.of(DocsSpec.Format.SEARCH_ITEMS)).publish();
        repo.release("ranch", "1.0.0").withDocs(DocsSpec.of(DocsSpec.Format.HTML_ONLY)).publish();

        Map<String, byte[]> plug = untar(gunzip(repo.file("docs/plug-1.0.0.tar.gz").orElseThrow()));
        Map<String, byte[]> cowboy = untar(gunzip(repo.file("docs/cowboy-2.0.0.tar.gz").orElseThrow()));
        Map<String, byte[]> ranch = untar(gunzip(repo.file("docs/ranch-1.0.0.tar.gz").orElseThrow()));

        String searchData = plug.keySet().stream().filter(p -> p.matches("dist/search_data-[0-9A-F]{8}\\.js")).findFirst().orElseThrow();
        assertThat(new String(plug.get(searchData), UTF_8)).startsWith("searchData={\"items\":[{\"ref\":\"Plug.html\"");
        String searchItems = cowboy.keySet().stream().filter(p -> p.matches("dist/search_items-[0-9A-F]{8}\\.js")).findFirst().orElseThrow();
        assertThat(new String(cowboy.get(searchItems), UTF_8)).startsWith("searchNodes=[{\"ref\":\"Cowboy.html\"");
        assertThat(ranch.keySet()).noneMatch(p -> p.contains("search_"));
        assertThat(new String(plug.get("Plug.html"), UTF_8))
                .contains("href=\"https://hexdocs.pm/mime/1.6.0/Mime.html\"")
                .contains("href=\"https://mime.hexdocs.pm/1.6.0/Mime.html\"");
        // ExDoc's app and style files are named by content: the same for every package of one generation.
        assertThat(plug.keySet()).filteredOn(p -> p.startsWith("dist/app-") || p.startsWith("dist/html-"))
                .hasSize(2).allMatch(p -> ranch.containsKey(p) && Arrays.equals(ranch.get(p), plug.get(p)))
                .noneMatch(cowboy::containsKey);
    }

    @Test
    void docsCanBeRepublishedWithNewContentAndRawBytes() {
        repo.release("plug", "1.0.0").withDocs().publish();
        byte[] first = repo.file("docs/plug-1.0.0.tar.gz").orElseThrow();

        repo.publishDocs("plug", "1.0.0", DocsSpec.exDoc().revision(1));
        assertThat(repo.file("docs/plug-1.0.0.tar.gz").orElseThrow()).isNotEqualTo(first);

        repo.publishDocs("plug", "1.0.0", DocsSpec.raw(new byte[] {1, 2, 3}));
        assertThat(repo.file("docs/plug-1.0.0.tar.gz").orElseThrow()).containsExactly(1, 2, 3);
    }

    @Test
    void publicKeyFileIsThePemOfTheRepositoryKey() {
        byte[] pem = repo.file("public_key").orElseThrow();

        assertThat(new String(pem, UTF_8)).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(repo.publicKeyPem());
        assertThat(RepositoryKeys.parsePublicKey(repo.publicKeyPem())).isEqualTo(repo.publicKey());
    }

    @Test
    void repositoriesWithTheirOwnKeyAndNameSignWithThem() throws Exception {
        FakeHexRepository own = FakeHexRepository.create(RepositoryKeys.generate(), "acme");
        own.publish("widget", "0.1.0");

        assertThat(own.reader().readPackage("widget", own.file("packages/widget").orElseThrow()).getRepository())
                .isEqualTo("acme");
        assertThatThrownBy(() -> reader.readNames(own.file("names").orElseThrow()))
                .isInstanceOf(io.hexmirror.BadSignatureException.class);
        assertThat(own.publicKey()).isNotEqualTo(repo.publicKey());
    }

    @Test
    void payloadMakesATarballOfTheRequestedSize() {
        repo.release("big", "1.0.0").payloadBytes(300_000).publish();

        byte[] tarball = repo.file("tarballs/big-1.0.0.tar").orElseThrow();

        assertThat(tarball.length).isBetween(300_000, 320_000);
        assertThat(sha256Hex(tarball)).isEqualTo(repo.tarballChecksums("big", "1.0.0").outer());
    }

    @Test
    void aPayloadTarballIsTheSameOnEveryBuildAndMatchesItsChecksums() {
        FakeHexRepository checksumsFirst = FakeHexRepository.create(FakeHexRepository.sharedKeyPair(), "hexpm");
        for (FakeHexRepository r : List.of(repo, checksumsFirst)) {
            r.release("big", "1.0.0").payloadBytes(200_000).publish();
        }
        TarballChecksums checksums = checksumsFirst.tarballChecksums("big", "1.0.0");

        // Served first (the checksums come from that build), again (they are reused), and after checksums alone.
        byte[] first = repo.file("tarballs/big-1.0.0.tar").orElseThrow();
        byte[] again = repo.file("tarballs/big-1.0.0.tar").orElseThrow();
        byte[] afterChecksums = checksumsFirst.file("tarballs/big-1.0.0.tar").orElseThrow();

        assertThat(again).isEqualTo(first);
        assertThat(afterChecksums).isEqualTo(first);
        assertThat(repo.tarballChecksums("big", "1.0.0")).isEqualTo(checksums);
        assertThat(sha256Hex(first)).isEqualTo(checksums.outer());
        Map<String, byte[]> members = untar(first);
        assertThat(sha256Hex(members.get("VERSION"), members.get("metadata.config"), members.get("contents.tar.gz")))
                .isEqualTo(checksums.inner())
                .isEqualTo(new String(members.get("CHECKSUM"), UTF_8).toLowerCase(Locale.ROOT));
    }

    @Test
    void aPayloadTarballIsOneTheMirrorsReaderAcceptsWithThePayloadInside() throws Exception {
        repo.release("big", "1.0.0").payloadBytes(300_000).publish();
        byte[] tarball = repo.file("tarballs/big-1.0.0.tar").orElseThrow();

        PackageTarball read = TarballReader.withDefaultLimits().read(new ByteArrayInputStream(tarball), "big-1.0.0");

        read.verifyAgainst(pkg("big").getReleases(0), "big-1.0.0");
        assertThat(read.metadata().name()).isEqualTo("big");
        byte[] payload = untar(gunzip(untar(tarball).get("contents.tar.gz"))).get("priv/payload.bin");
        assertThat(payload).hasSize(300_000);
        assertThat(Archives.gzip(payload).length).as("incompressible").isGreaterThan(300_000);
    }

    @Test
    void aPayloadIsStoredInContentsTarGzNotCompressedSoThatBuildingItIsCheap() {
        repo.release("big", "1.0.0").payloadBytes(100_000).publish();
        repo.publish("small", "1.0.0");

        byte[] big = untar(repo.file("tarballs/big-1.0.0.tar").orElseThrow()).get("contents.tar.gz");
        byte[] small = untar(repo.file("tarballs/small-1.0.0.tar").orElseThrow()).get("contents.tar.gz");

        // After gzip's 10-byte header, the first deflate block's type (bits 1-2): 0 is stored, 1 and 2 compressed.
        assertThat((big[10] >> 1) & 3).as("a stored block").isZero();
        assertThat((small[10] >> 1) & 3).as("a tarball without payload is compressed as before").isNotZero();
    }

    @Test
    void unknownOrMalformedPathsAreEmpty() {
        repo.publish("plug", "1.0.0");

        assertThat(repo.file("packages/nope")).isEmpty();
        assertThat(repo.file("packages/../names")).isEmpty();
        assertThat(repo.file("tarballs/plug.tar")).isEmpty();
        assertThat(repo.file("tarballs/plug-1.0.tar")).isEmpty();
        assertThat(repo.file("tarballs/plug-2.0.0.tar")).isEmpty();
        assertThat(repo.file("docs/plug-1.0.0.tar.gz")).isEmpty();
        assertThat(repo.file("installs/hex.csv")).isEmpty();
        assertThat(repo.file("/packages/plug")).as("leading slashes are ignored").isPresent();
    }

    @Test
    void mistakesAreReportedWithWhatWasAskedFor() {
        repo.publish("plug", "1.0.0");

        assertThatThrownBy(() -> repo.publish("plug", "1.0.0"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("plug 1.0.0 is already published");
        assertThatThrownBy(() -> repo.retire("plug", "9.9.9", RetirementReason.RETIRED_OTHER, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no release plug 9.9.9");
        assertThatThrownBy(() -> repo.removePackage("nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no package 'nope'");
        assertThatThrownBy(() -> repo.publish("../etc", "1.0.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid package name '../etc'");
        assertThatThrownBy(() -> repo.publish("plug", "1.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid version '1.0'");
        assertThatThrownBy(() -> repo.release("web", "1.0.0").dependsOn("plug", "~> 1.0").dependsOn("plug", "~> 2.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already depends on plug");
    }

    @Test
    void prebuildEncodesEverythingAheadWithTheSameResult() throws Exception {
        FakeHexRepository lazy = FakeHexRepository.create(FakeHexRepository.sharedKeyPair(), "hexpm");
        for (FakeHexRepository r : List.of(repo, lazy)) {
            for (int i = 0; i < 30; i++) {
                r.release("pkg" + i, "1.0." + i).dependsOn("pkg0", "~> 1.0").publish();
            }
        }

        repo.prebuild();

        for (String path : repo.paths()) {
            assertThat(repo.file(path).orElseThrow()).as(path).isEqualTo(lazy.file(path).orElseThrow());
        }
        assertThat(pkg("pkg7").getReleases(0).getVersion()).isEqualTo("1.0.7");
    }

    @Test
    void aChangeRebuildsOnlyTheFilesOfThePackageItTouches() {
        repo.publish("plug", "1.0.0").publish("mime", "1.0.0");
        repo.file("packages/mime");
        PackageEntry mimeBefore = repo.packagesView().get("mime");

        repo.publish("plug", "1.1.0");

        assertThat(repo.packagesView().get("mime")).as("mime's entry, with its encoded file, is kept")
                .isSameAs(mimeBefore);
    }
}
