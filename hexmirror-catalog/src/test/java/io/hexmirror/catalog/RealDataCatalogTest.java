package io.hexmirror.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.RetirementReason;
import io.hexmirror.registry.proto.RetirementStatus;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.storage.fs.FileSystemStorage;
import io.hexmirror.testkit.mirror.StoredMirror;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog of real hex.pm data: the registry entries of 14 packages as hex.pm served them (real
 * requirement strings, optional flags, retirements, checksums) and the real tarball of decimal 2.0.0,
 * whose metadata and README the catalog reads.
 */
class RealDataCatalogTest {
    @TempDir
    static Path dir;

    static FileSystemStorage storage;
    static Catalog catalog;
    static CatalogUpdate built;

    @BeforeAll
    static void build() throws IOException {
        storage = FileSystemStorage.open(dir, false);
        StoredMirror mirror = new StoredMirror(storage);
        JsonObject root;
        try (InputStream in = RealDataCatalogTest.class.getResourceAsStream("/fixtures/hexpm-registry-2020-09-17.json")) {
            root = JsonParser.parseReader(new InputStreamReader(in, UTF_8)).getAsJsonObject();
        }
        HexFormat hex = HexFormat.of();
        for (JsonElement p : root.getAsJsonArray("packages")) {
            String name = p.getAsJsonObject().get("name").getAsString();
            for (JsonElement r : p.getAsJsonObject().getAsJsonArray("releases")) {
                JsonObject release = r.getAsJsonObject();
                Release.Builder proto = Release.newBuilder()
                        .setVersion(release.get("version").getAsString())
                        .setInnerChecksum(ByteString.copyFrom(hex.parseHex(release.get("inner_checksum").getAsString())))
                        .setOuterChecksum(ByteString.copyFrom(hex.parseHex(release.get("outer_checksum").getAsString())));
                for (JsonElement d : release.getAsJsonArray("dependencies")) {
                    JsonObject dep = d.getAsJsonObject();
                    proto.addDependencies(io.hexmirror.registry.proto.Dependency.newBuilder()
                            .setPackage(dep.get("package").getAsString())
                            .setRequirement(dep.get("requirement").getAsString())
                            .setOptional(dep.get("optional").getAsBoolean())
                            .setApp(dep.get("app").getAsString()));
                }
                if (release.get("retired").isJsonObject()) {
                    JsonObject retired = release.getAsJsonObject("retired");
                    proto.setRetired(RetirementStatus.newBuilder()
                            .setReason(RetirementReason.valueOf(retired.get("reason").getAsString()).getNumber())
                            .setMessage(retired.get("message").getAsString()));
                }
                mirror.addRegistryRelease(name, proto.build());
            }
        }
        mirror.write();
        try (InputStream in = RealDataCatalogTest.class.getResourceAsStream("/fixtures/decimal-2.0.0.tar")) {
            storage.write("tarballs/decimal-2.0.0.tar", in.readAllBytes(), WriteOptions.defaults());
        }
        catalog = Catalog.open(storage, StoredMirror.reader(), CatalogOptions.defaults());
        built = catalog.rebuild();
    }

    private static String read(String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    @Test
    void everyPackageIsListedWithEveryRelease() {
        assertThat(built.problems()).isEmpty();
        assertThat(catalog.summaries()).hasSize(14);
        assertThat(catalog.facts().releases()).isEqualTo(420);
    }

    @Test
    void realMetadataAndReadmeOfDecimal() throws IOException {
        CatalogPackage decimal = catalog.get("decimal").orElseThrow();
        CatalogRelease release = decimal.latest().orElseThrow();
        assertThat(release.version()).isEqualTo("2.0.0");
        assertThat(release.tarballMirrored()).isTrue();
        assertThat(release.outerChecksum()).isEqualTo("34666e9c55dea81013e77d9d87370fe6cb6291d1ef32f46a1600230b1d44f577");
        ReleaseMeta meta = decimal.meta();
        assertThat(meta.description()).isEqualTo("Arbitrary precision decimal arithmetic.");
        assertThat(meta.licenses()).containsExactly("Apache-2.0");
        assertThat(meta.links()).containsExactly(java.util.Map.entry("GitHub", "https://github.com/ericmj/decimal"));
        assertThat(meta.buildTools()).containsExactly("mix");
        assertThat(meta.elixirRequirement()).contains("~> 1.2");
        assertThat(meta.app()).isEqualTo("decimal");
        assertThat(decimal.readme()).hasValueSatisfying(readme -> assertThat(readme).contains("Decimal"));
        // Every other release is listed from the registry, its tarball not mirrored.
        assertThat(decimal.releases()).hasSize(27).filteredOn(r -> !r.version().equals("2.0.0"))
                .allSatisfy(r -> assertThat(r.tarballMirrored()).isFalse());

        String page = read(CatalogLayout.packagePageKey("decimal"));
        assertThat(page).contains("Arbitrary precision decimal arithmetic.").contains("{:decimal, \"~&gt; 2.0\"}")
                .contains("href=\"https://github.com/ericmj/decimal\"").contains("<div class=\"readme\">")
                .contains("34666e9c55dea81013e77d9d87370fe6cb6291d1ef32f46a1600230b1d44f577");
    }

    @Test
    void realRequirementsRetirementsAndDependents() throws IOException {
        CatalogPackage phoenix = catalog.get("phoenix").orElseThrow();
        CatalogRelease latest = phoenix.latest().orElseThrow();
        assertThat(latest.version()).isEqualTo("1.5.4");
        assertThat(latest.dependencies()).contains(
                new Dependency("plug_cowboy", "~> 1.0 or ~> 2.2", true, "plug_cowboy", Optional.empty()),
                new Dependency("plug_crypto", "~> 1.1.2 or ~> 1.2", false, "plug_crypto", Optional.empty()));
        assertThat(catalog.get("plug_cowboy").orElseThrow().release("2.2.0").orElseThrow().retirement())
                .contains(new Retirement("invalid", "Broken telemetry support"));
        assertThat(catalog.dependents("plug")).contains("phoenix", "plug_cowboy");
        assertThat(catalog.dependents("decimal")).contains("jason");

        String page = read(CatalogLayout.packagePageKey("phoenix"));
        assertThat(page).contains("<a href=\"plug_cowboy.html\">plug_cowboy</a> <code>~&gt; 1.0 or ~&gt; 2.2</code> <span class=\"badge\">optional</span>");
        assertThat(read(CatalogLayout.packagePageKey("plug_cowboy"))).contains("retired: invalid").contains("Broken telemetry support");
    }
}
