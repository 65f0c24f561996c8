package io.hexmirror.selection;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.hexmirror.registry.proto.Dependency;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.RetirementReason;
import io.hexmirror.registry.proto.RetirementStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real registry entries of 14 hex.pm packages as served on 2020-09-17 (the shared fixture
 * {@code hexpm-registry-2020-09-17.json}), turned into the {@link Package} messages a
 * {@code /packages/NAME} file decodes to.
 */
final class RegistryFixture {
    static final Map<String, Package> PACKAGES = load();

    private RegistryFixture() {
    }

    /** An in-memory source over the fixture that records every load, to check the load-once rule. */
    static final class CountingSource implements PackageSource {
        private final Map<String, Package> packages;
        final List<String> loads = new ArrayList<>();

        CountingSource(Map<String, Package> packages) {
            this.packages = packages;
        }

        @Override
        public Optional<Package> load(String name) {
            loads.add(name);
            return Optional.ofNullable(packages.get(name));
        }
    }

    static CountingSource source() {
        return new CountingSource(PACKAGES);
    }

    static Release release(String name, String version) {
        return PACKAGES.get(name).getReleasesList().stream().filter(r -> r.getVersion().equals(version)).findFirst()
                .orElseThrow();
    }

    private static Map<String, Package> load() {
        try (InputStream in = RegistryFixture.class.getResourceAsStream("/selection/hexpm-registry-2020-09-17.json")) {
            if (in == null) {
                throw new IllegalStateException("test resource selection/hexpm-registry-2020-09-17.json is missing");
            }
            JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, Package> packages = new LinkedHashMap<>();
            for (JsonElement p : root.getAsJsonArray("packages")) {
                Package pkg = toPackage(p.getAsJsonObject());
                packages.put(pkg.getName(), pkg);
            }
            return Map.copyOf(packages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Package toPackage(JsonObject json) {
        Package.Builder pkg = Package.newBuilder().setName(json.get("name").getAsString()).setRepository("hexpm");
        for (JsonElement r : json.getAsJsonArray("releases")) {
            JsonObject release = r.getAsJsonObject();
            Release.Builder b = Release.newBuilder()
                    .setVersion(release.get("version").getAsString())
                    .setInnerChecksum(bytes(release.get("inner_checksum").getAsString()))
                    .setOuterChecksum(bytes(release.get("outer_checksum").getAsString()));
            JsonElement retired = release.get("retired");
            if (retired != null && !retired.isJsonNull()) {
                JsonObject status = retired.getAsJsonObject();
                RetirementStatus.Builder s = RetirementStatus.newBuilder()
                        .setReason(RetirementReason.valueOf(status.get("reason").getAsString()).getNumber());
                if (status.has("message") && !status.get("message").isJsonNull()) {
                    s.setMessage(status.get("message").getAsString());
                }
                b.setRetired(s);
            }
            for (JsonElement d : release.getAsJsonArray("dependencies")) {
                JsonObject dep = d.getAsJsonObject();
                b.addDependencies(Dependency.newBuilder()
                        .setPackage(dep.get("package").getAsString())
                        .setRequirement(dep.get("requirement").getAsString())
                        .setOptional(dep.get("optional").getAsBoolean())
                        .setApp(dep.get("app").getAsString())
                        .setRepository(dep.get("repository").getAsString()));
            }
            pkg.addReleases(b);
        }
        return pkg.build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
