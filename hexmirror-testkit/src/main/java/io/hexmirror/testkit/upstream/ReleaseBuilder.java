package io.hexmirror.testkit.upstream;

import static java.util.Objects.requireNonNull;

import io.hexmirror.registry.RegistryPaths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes a release before {@link #publish()} adds it to its {@link FakeHexRepository}. Not
 * thread-safe; use one builder per release. Everything set here ends up both in the registry and in
 * the tarball's {@code metadata.config} (and its {@code rebar.config} and {@code .app.src}).
 */
public final class ReleaseBuilder {
    private final FakeHexRepository repository;
    private final String name;
    private final String version;
    private String app;
    private String description;
    private List<String> licenses = List.of("Apache-2.0");
    private List<String> buildTools = List.of("rebar3");
    private final List<DependencySpec> dependencies = new ArrayList<>();
    private Instant publishedAt;
    private DocsSpec docs;
    private int payloadBytes;

    ReleaseBuilder(FakeHexRepository repository, String name, String version) {
        this.repository = repository;
        this.name = name;
        this.version = version;
        this.app = name;
        this.description = "The " + name + " package, generated for tests.";
    }

    /** A required dependency on a package of the same repository, e.g. {@code ("mime", "~> 1.0")}. */
    public ReleaseBuilder dependsOn(String packageName, String requirement) {
        return dependency(packageName, requirement, false, packageName, null);
    }

    /** An optional dependency on a package of the same repository. */
    public ReleaseBuilder dependsOnOptional(String packageName, String requirement) {
        return dependency(packageName, requirement, true, packageName, null);
    }

    /**
     * A dependency with every field of the registry's {@code Dependency} message.
     *
     * @param app the OTP application of the dependency (usually the package name)
     * @param repository the dependency's repository, or null for this repository
     * @throws IllegalArgumentException for an invalid name or a package already depended on
     */
    public ReleaseBuilder dependency(String packageName, String requirement, boolean optional, String app,
            String repository) {
        RegistryPaths.checkName(packageName);
        if (dependencies.stream().anyMatch(d -> d.name().equals(packageName))) {
            throw new IllegalArgumentException(name + " " + version + " already depends on " + packageName);
        }
        dependencies.add(new DependencySpec(packageName, requirement, optional, requireNonNull(app, "app is null"),
                repository));
        return this;
    }

    /** The OTP application name; defaults to the package name. */
    public ReleaseBuilder app(String appName) {
        this.app = RegistryPaths.checkName(appName);
        return this;
    }

    public ReleaseBuilder description(String text) {
        this.description = requireNonNull(text, "text is null");
        return this;
    }

    public ReleaseBuilder licenses(String... names) {
        this.licenses = List.of(names);
        return this;
    }

    /** Build tools named in metadata.config; defaults to {@code rebar3}. */
    public ReleaseBuilder buildTools(String... tools) {
        this.buildTools = List.of(tools);
        return this;
    }

    /** The release's {@code published_at}; defaults to the repository's clock at publication. */
    public ReleaseBuilder publishedAt(Instant time) {
        this.publishedAt = requireNonNull(time, "time is null");
        return this;
    }

    /** Also publishes docs ({@code /docs/NAME-VERSION.tar.gz}). */
    public ReleaseBuilder withDocs() {
        return withDocs(DocsSpec.exDoc());
    }

    /** Also publishes docs of the given shape ({@code /docs/NAME-VERSION.tar.gz}). */
    public ReleaseBuilder withDocs(DocsSpec spec) {
        this.docs = requireNonNull(spec, "spec is null");
        return this;
    }

    /**
     * Adds an incompressible {@code priv/payload.bin} of the given size, to make a tarball of about
     * that size (for streaming and size-limit tests, and benchmarks with hex.pm's bytes). The bytes are pseudo-random
     * but deterministic; such a tarball's {@code contents.tar.gz} stores them uncompressed (valid gzip, deflate level
     * 0), which is as small as compressing them and far cheaper to build on every request.
     */
    public ReleaseBuilder payloadBytes(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative payload size " + size);
        }
        this.payloadBytes = size;
        return this;
    }

    /**
     * Adds the release to the repository.
     *
     * @return the repository, for chaining
     * @throws IllegalStateException when this version of the package is already published
     */
    public FakeHexRepository publish() {
        TarballSpec spec = new TarballSpec(repository.repositoryName(), name, version, app, description, licenses,
                buildTools, dependencies, 0, payloadBytes);
        repository.add(spec, publishedAt, docs);
        return repository;
    }
}
