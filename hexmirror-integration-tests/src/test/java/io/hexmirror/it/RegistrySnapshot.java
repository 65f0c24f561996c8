package io.hexmirror.it;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.annotations.SerializedName;
import io.hexmirror.registry.proto.RetirementReason;
import io.hexmirror.testkit.upstream.FakeHexRepository;
import io.hexmirror.testkit.upstream.ReleaseBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The real registry entries of 14 hex.pm packages as served on 2020-09-17 (420 releases with their
 * real requirement strings, optional flags and retirements; test resource
 * {@value #RESOURCE}, a copy of the shared fixture), and a fake upstream publishing all of them.
 * The fake generates its own tarballs, so its checksums are not hex.pm's.
 */
final class RegistrySnapshot {
    static final String RESOURCE = "/selection/hexpm-registry-2020-09-17.json";

    /** One package as the JSON describes it. */
    record PackageEntry(String name, List<ReleaseEntry> releases) {
    }

    /** One release; {@code retired} is null when the release is not retired. */
    record ReleaseEntry(String version, String innerChecksum, String outerChecksum, Retirement retired,
            List<DependencyEntry> dependencies) {
    }

    /** {@code reason} is a {@link RetirementReason} constant name such as {@code RETIRED_INVALID}. */
    record Retirement(String reason, String message) {
    }

    record DependencyEntry(@SerializedName("package") String packageName, String requirement, boolean optional,
            String app, String repository) {
    }

    private record Root(String source, List<PackageEntry> packages) {
    }

    private static final List<PackageEntry> PACKAGES = read();

    private RegistrySnapshot() {
    }

    /** Every package of the snapshot, in file order. */
    static List<PackageEntry> packages() {
        return PACKAGES;
    }

    static Optional<PackageEntry> find(String name) {
        return PACKAGES.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** A new fake upstream named {@code hexpm} holding every release of the snapshot. */
    static FakeHexRepository upstream() {
        FakeHexRepository repository = FakeHexRepository.create();
        for (PackageEntry pkg : PACKAGES) {
            for (ReleaseEntry release : pkg.releases()) {
                ReleaseBuilder builder = repository.release(pkg.name(), release.version());
                for (DependencyEntry dep : release.dependencies()) {
                    builder.dependency(dep.packageName(), dep.requirement(), dep.optional(), dep.app(), dep.repository());
                }
                builder.publish();
            }
        }
        // Retire after publishing everything, as hex.pm retires releases after the fact.
        for (PackageEntry pkg : PACKAGES) {
            for (ReleaseEntry release : pkg.releases()) {
                if (release.retired() != null) {
                    repository.retire(pkg.name(), release.version(), RetirementReason.valueOf(release.retired().reason()),
                            release.retired().message());
                }
            }
        }
        return repository;
    }

    private static List<PackageEntry> read() {
        Gson gson = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
        try (InputStream in = RegistrySnapshot.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + RESOURCE + " is missing");
            }
            Root root = gson.fromJson(new InputStreamReader(in, StandardCharsets.UTF_8), Root.class);
            if (root == null || root.packages() == null || root.packages().isEmpty()) {
                throw new IllegalStateException(RESOURCE + " lists no packages");
            }
            return List.copyOf(root.packages());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
