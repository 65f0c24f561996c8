package io.hexmirror.testkit.upstream;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.hexmirror.registry.RegistryPaths;
import io.hexmirror.registry.RegistryReader;
import io.hexmirror.registry.RegistryWriter;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.registry.proto.Dependency;
import io.hexmirror.registry.proto.Names;
import io.hexmirror.registry.proto.NamesPackage;
import io.hexmirror.registry.proto.Package;
import io.hexmirror.registry.proto.Release;
import io.hexmirror.registry.proto.RetirementReason;
import io.hexmirror.registry.proto.RetirementStatus;
import io.hexmirror.registry.proto.SecurityAdvisory;
import io.hexmirror.registry.proto.Timestamp;
import io.hexmirror.registry.proto.Versions;
import io.hexmirror.registry.proto.VersionsPackage;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * A real Hex repository generated in memory: signed registry files ({@code /names},
 * {@code /versions}, {@code /packages/NAME}), version 3 package tarballs, docs tarballs and the
 * public key, exactly as a Hex client expects them. Serve it over HTTP with
 * {@link FakeUpstreamServer#start(FakeHexRepository)}.
 *
 * <pre>{@code
 * FakeHexRepository repo = FakeHexRepository.create();
 * repo.publish("mime", "1.6.0");
 * repo.release("plug", "1.10.4").dependsOn("mime", "~> 1.0").dependsOnOptional("jason", "~> 1.0").publish();
 * repo.retire("plug", "1.10.4", RetirementReason.RETIRED_SECURITY, "CVE-2099-1");
 * byte[] file = repo.file("packages/plug").orElseThrow();
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Registry files are encoded with the core's protobuf classes and signed with
 *       {@link RegistryWriter}, sorted as hex.pm sorts them: packages by name, releases and
 *       versions ascending by SemVer precedence (a pre-release before its release), dependencies
 *       by package name.
 *   <li>Time is a logical clock, so that the same calls give the same bytes: it starts at
 *       {@link #EPOCH} and every change advances it by one second (see {@link #advanceClock}).
 *       A package's {@code updated_at} in {@code /names} is the time of its latest change; a
 *       release's {@code published_at} is the time it was published unless set explicitly.
 *   <li>Tarballs are a pure function of the release's metadata and its revision (bumped by
 *       {@link #replaceTarball}); they are rebuilt on each request instead of being stored, and
 *       only their checksums are kept, so a repository the size of hex.pm fits in little memory (a rebuild
 *       reuses them rather than hashing again).
 *       Encoded files are cached and rebuilt only when the package they describe changes.
 *   <li>Names and versions are checked with {@link RegistryPaths}; asking to change a package or
 *       release that does not exist throws {@link IllegalArgumentException} naming it.
 * </ul>
 *
 * <p>Thread-safe: changes are serialised; reads see each package either before or after a change,
 * so a server can serve the repository while a test changes it.
 */
public final class FakeHexRepository {
    /** The logical clock's starting time. */
    public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    /** The repository name hex.pm uses. */
    public static final String HEXPM = "hexpm";

    private final KeyPair keyPair;
    private final String repositoryName;
    private final RegistryWriter writer;
    private final byte[] publicKeyPem;
    private final ConcurrentSkipListMap<String, PackageEntry> packages = new ConcurrentSkipListMap<>();
    /** Docs of things that are not packages of the registry (Elixir's own applications), by NAME-VERSION. */
    private final ConcurrentSkipListMap<String, DocsSpec> unlistedDocs = new ConcurrentSkipListMap<>();
    /** Files under {@code installs/}, by path; CSVs and their {@code .signed} files included. */
    private final ConcurrentSkipListMap<String, byte[]> installs = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, long[]> downloads = new ConcurrentSkipListMap<>();
    private final Object lock = new Object();
    // Guarded by lock.
    private Instant clock = EPOCH;
    private byte[] namesFile;
    private byte[] versionsFile;

    private FakeHexRepository(KeyPair keyPair, String repositoryName) {
        this.keyPair = requireNonNull(keyPair, "keyPair is null");
        this.repositoryName = requireNonNull(repositoryName, "repositoryName is null");
        if (repositoryName.isBlank()) {
            throw new IllegalArgumentException("repository name is blank");
        }
        this.writer = new RegistryWriter(keyPair.getPrivate());
        this.publicKeyPem = RepositoryKeys.toPem(keyPair.getPublic()).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * An empty repository named {@code hexpm}, signed with a 2048-bit key generated once per JVM
     * and shared by every repository made this way (generating a key takes a noticeable fraction of
     * a second).
     */
    public static FakeHexRepository create() {
        return new FakeHexRepository(SharedKey.KEY_PAIR, HEXPM);
    }

    /** An empty repository with the given RSA key pair and repository name. */
    public static FakeHexRepository create(KeyPair keyPair, String repositoryName) {
        return new FakeHexRepository(keyPair, repositoryName);
    }

    /** The key pair shared by repositories made with {@link #create()}. */
    public static KeyPair sharedKeyPair() {
        return SharedKey.KEY_PAIR;
    }

    // ---------------------------------------------------------------- changes

    /**
     * Publishes a Hex build as builds.hex.pm does for Elixir up to 1.18: the archive at
     * {@code installs/ELIXIR/hex-VERSION.ez} and the row {@code VERSION,SHA512,ELIXIR} appended to
     * {@code installs/hex-1.x.csv}, which is signed again ({@code .signed}: base64 of its RSA-SHA512
     * signature with this repository's key).
     */
    public FakeHexRepository publishHexArchive(String hexVersion, String elixirVersion, byte[] archive) {
        return publishBuild("hex-1.x.csv", hexVersion, elixirVersion, null,
                "installs/" + elixirVersion + "/hex-" + hexVersion + ".ez", archive);
    }

    /** As {@link #publishHexArchive(String, String, byte[])} for Elixir 1.19 and later: {@code hex.csv}, {@code ELIXIR/hex-VERSION-otp-OTP.ez}. */
    public FakeHexRepository publishHexArchive(String hexVersion, String elixirVersion, int otp, byte[] archive) {
        return publishBuild("hex.csv", hexVersion, elixirVersion, otp,
                "installs/" + elixirVersion + "/hex-" + hexVersion + "-otp-" + otp + ".ez", archive);
    }

    /** Publishes a rebar3 escript for Elixir up to 1.18: {@code installs/ELIXIR/rebar3-VERSION}, a row in {@code rebar3-1.x.csv}. */
    public FakeHexRepository publishRebar3(String version, String elixirVersion, byte[] escript) {
        return publishBuild("rebar3-1.x.csv", version, elixirVersion, null,
                "installs/" + elixirVersion + "/rebar3-" + version, escript);
    }

    /** As {@link #publishRebar3(String, String, byte[])} for Elixir 1.19 and later: {@code rebar.csv}, {@code ELIXIR/rebar3-VERSION-otp-OTP}. */
    public FakeHexRepository publishRebar3(String version, String elixirVersion, int otp, byte[] escript) {
        return publishBuild("rebar.csv", version, elixirVersion, otp,
                "installs/" + elixirVersion + "/rebar3-" + version + "-otp-" + otp, escript);
    }

    /**
     * Appends a row, exactly as given, to an installs CSV ({@code hex-1.x.csv}, {@code hex.csv},
     * {@code rebar3-1.x.csv} or {@code rebar.csv}) and signs the CSV again: for rows that point
     * where they should not, or at files that do not match.
     */
    public FakeHexRepository addInstallsRow(String csv, String row) {
        synchronized (lock) {
            String key = "installs/" + csv;
            byte[] current = installs.getOrDefault(key, new byte[0]);
            byte[] csvBytes = (new String(current, StandardCharsets.UTF_8) + row + "\n").getBytes(StandardCharsets.UTF_8);
            putSignedCsv(key, csvBytes);
        }
        return this;
    }

    /** Replaces (or adds) a file under {@code installs/} with these bytes, without touching any CSV. */
    public FakeHexRepository replaceInstallsFile(String path, byte[] bytes) {
        if (!path.startsWith("installs/")) {
            throw new IllegalArgumentException("not an installs path: " + path);
        }
        installs.put(path, bytes.clone());
        return this;
    }

    /** The base64 RSA-SHA512 signature of {@code content} with this repository's key, as a {@code .signed} file holds it. */
    public byte[] installsSignature(byte[] content) {
        try {
            java.security.Signature signer = java.security.Signature.getInstance("SHA512withRSA");
            signer.initSign(keyPair.getPrivate());
            signer.update(content);
            return java.util.Base64.getEncoder().encode(signer.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the repository's key", e);
        }
    }

    /** The SHA-512 of {@code content} in lower-case hex, as installs CSVs give it. */
    public static String sha512(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-512", e);
        }
    }

    private FakeHexRepository publishBuild(String csv, String version, String elixirVersion, Integer otp, String path,
            byte[] content) {
        installs.put(path, content.clone());
        return addInstallsRow(csv, version + "," + sha512(content) + "," + elixirVersion + (otp == null ? "" : "," + otp));
    }

    private void putSignedCsv(String key, byte[] csv) {
        installs.put(key, csv);
        installs.put(key + ".signed", installsSignature(csv));
    }


    /** Publishes a release with default metadata and no dependencies; see {@link #release}. */
    public FakeHexRepository publish(String name, String version) {
        return release(name, version).publish();
    }

    /**
     * Starts describing a new release; {@link ReleaseBuilder#publish()} adds it. Defaults: app =
     * name, license Apache-2.0, build tool rebar3, no dependencies, no docs.
     *
     * @throws IllegalArgumentException for an invalid package name or version
     */
    public ReleaseBuilder release(String name, String version) {
        return new ReleaseBuilder(this, RegistryPaths.checkName(name), RegistryPaths.checkVersion(version));
    }

    /** Called by {@link ReleaseBuilder#publish()}. */
    void add(TarballSpec spec, Instant publishedAt, DocsSpec docs) {
        synchronized (lock) {
            PackageEntry current = packages.get(spec.name());
            if (current != null && current.releases().containsKey(spec.version())) {
                throw new IllegalStateException(spec.name() + " " + spec.version() + " is already published in "
                        + repositoryName + " (use replaceTarball to change its content)");
            }
            Instant now = tick();
            ReleaseEntry release = ReleaseEntry.of(spec, publishedAt == null ? now : publishedAt,
                    docs == null ? null : resolve(docs, spec));
            PackageEntry base = current != null ? current : PackageEntry.empty(spec.name(), now, this::encodePackage);
            packages.put(spec.name(), base.withRelease(release, now));
            changed();
        }
    }

    /** Retires a release with one of the standard reasons. */
    public FakeHexRepository retire(String name, String version, RetirementReason reason, String message) {
        return retire(name, version, requireNonNull(reason, "reason is null").getNumber(), message);
    }

    /**
     * Retires a release. Any int is accepted as the reason, so that clients' handling of reasons
     * added upstream later can be tested.
     *
     * @param message the retirement message, or null for none
     */
    public FakeHexRepository retire(String name, String version, int reason, String message) {
        RetirementStatus.Builder status = RetirementStatus.newBuilder().setReason(reason);
        if (message != null) {
            status.setMessage(message);
        }
        RetirementStatus retirement = status.build();
        return changeRelease(name, version, r -> r.withRetirement(retirement));
    }

    /** Removes the retirement of a release (a no-op change if it was not retired). */
    public FakeHexRepository unretire(String name, String version) {
        return changeRelease(name, version, r -> r.withRetirement(null));
    }

    /**
     * Removes a release (as a revert on hex.pm): its tarball and docs disappear and the registry
     * files no longer list it. Removing the last release removes the package.
     */
    public FakeHexRepository removeRelease(String name, String version) {
        synchronized (lock) {
            PackageEntry current = existingRelease(name, version);
            Instant now = tick();
            PackageEntry after = current.withoutRelease(version, now);
            if (after.releases().isEmpty()) {
                packages.remove(name);
            } else {
                packages.put(name, after);
            }
            changed();
        }
        return this;
    }

    /** Removes a package with all its releases, tarballs and docs. */
    public FakeHexRepository removePackage(String name) {
        synchronized (lock) {
            existingPackage(name);
            tick();
            packages.remove(name);
            changed();
        }
        return this;
    }

    /**
     * Replaces a release's tarball with new content (as hex.pm allows shortly after publishing):
     * same name and version, different bytes, so both checksums and the registry change.
     */
    public FakeHexRepository replaceTarball(String name, String version) {
        return changeRelease(name, version, ReleaseEntry::withNextRevision);
    }

    /**
     * Makes {@code /docs/NAME-VERSION.tar.gz} available for a release: ExDoc-shaped docs linking to
     * the latest published version of each of its dependencies ({@link DocsSpec#exDoc()}).
     */
    public FakeHexRepository publishDocs(String name, String version) {
        return publishDocs(name, version, DocsSpec.exDoc());
    }

    /**
     * Publishes (or publishes again, replacing them) the docs of a release. Docs are not part of the
     * registry, so the registry files do not change.
     */
    public FakeHexRepository publishDocs(String name, String version, DocsSpec spec) {
        requireNonNull(spec, "spec is null");
        synchronized (lock) {
            PackageEntry current = existingRelease(name, version);
            ReleaseEntry release = current.releases().get(version);
            packages.put(name, current.withReleaseKeepingTime(release.withDocs(resolve(spec, release.spec()))));
        }
        return this;
    }

    /**
     * Serves docs for something the registry does not list, as hex.pm serves Elixir's own
     * applications' docs ({@code /docs/elixir-1.18.4.tar.gz}).
     */
    public FakeHexRepository publishUnlistedDocs(String name, String version, DocsSpec spec) {
        requireNonNull(spec, "spec is null");
        unlistedDocs.put(RegistryPaths.checkName(name) + "-" + RegistryPaths.checkVersion(version), spec.resolved(List.of()));
        return this;
    }

    /** Removes the docs of a release (the registry files do not change). */
    public FakeHexRepository removeDocs(String name, String version) {
        synchronized (lock) {
            PackageEntry current = existingRelease(name, version);
            packages.put(name, current.withReleaseKeepingTime(current.releases().get(version).withDocs(null)));
        }
        return this;
    }

    /** Fixes the links to dependencies' docs: each dependency's latest published version now. */
    private DocsSpec resolve(DocsSpec docs, TarballSpec release) {
        List<DocsSpec.Link> links = new ArrayList<>();
        for (DependencySpec dependency : release.dependencies()) {
            List<String> versions = versions(dependency.name());
            links.add(new DocsSpec.Link(dependency.name(), versions.isEmpty() ? null : versions.get(versions.size() - 1)));
        }
        return docs.resolved(links);
    }

    /**
     * Adds a security advisory to a package: it is listed in the package's {@code advisories}, the
     * affected releases get its index in {@code advisory_indexes}, and {@code /versions} lists
     * their indexes in {@code with_advisories}.
     *
     * @param affectedVersions published versions of the package that the advisory affects
     */
    public FakeHexRepository addAdvisory(String name, SecurityAdvisory advisory, String... affectedVersions) {
        requireNonNull(advisory, "advisory is null");
        synchronized (lock) {
            PackageEntry current = existingPackage(name);
            for (String version : affectedVersions) {
                existingRelease(name, version);
            }
            Instant now = tick();
            packages.put(name, current.withAdvisory(new PackageEntry.Advisory(advisory, Set.copyOf(List.of(affectedVersions))),
                    now));
            changed();
        }
        return this;
    }

    /**
     * Encodes every registry file and computes every tarball's checksums now, on all cores, instead
     * of on first request; they stay cached until their package changes. For benchmarks that should
     * measure the client rather than the generator. Tarballs themselves are still built per request.
     */
    public FakeHexRepository prebuild() {
        List.copyOf(packages.values()).parallelStream().forEach(PackageEntry::file);
        namesFile();
        versionsFile();
        return this;
    }

    /** Moves the logical clock forward, for example to age a release before the next change. */
    public FakeHexRepository advanceClock(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward: " + duration);
        }
        synchronized (lock) {
            clock = clock.plus(duration);
        }
        return this;
    }

    /**
     * Sets a package's download counts, which only the API pages ({@code /api/packages}) show; a package
     * without counts shows {@code "downloads": {}}, as a package nobody downloaded does on hex.pm.
     */
    public FakeHexRepository downloads(String name, long all, long recent, long week, long day) {
        existingPackage(name);
        downloads.put(name, new long[] {all, recent, week, day});
        return this;
    }

    /** The package's download counts {all, recent, week, day}, when set. */
    public Optional<long[]> downloadsOf(String name) {
        return Optional.ofNullable(downloads.get(name)).map(long[]::clone);
    }

    /** The logical time of the latest change. */
    public Instant now() {
        synchronized (lock) {
            return clock;
        }
    }

    private FakeHexRepository changeRelease(String name, String version, UnaryOperator<ReleaseEntry> change) {
        synchronized (lock) {
            PackageEntry current = existingRelease(name, version);
            Instant now = tick();
            packages.put(name, current.withRelease(change.apply(current.releases().get(version)), now));
            changed();
        }
        return this;
    }

    private PackageEntry existingPackage(String name) {
        PackageEntry entry = packages.get(RegistryPaths.checkName(name));
        if (entry == null) {
            throw new IllegalArgumentException("no package '" + name + "' in repository " + repositoryName);
        }
        return entry;
    }

    private PackageEntry existingRelease(String name, String version) {
        PackageEntry entry = existingPackage(name);
        if (!entry.releases().containsKey(RegistryPaths.checkVersion(version))) {
            throw new IllegalArgumentException("no release " + name + " " + version + " in repository "
                    + repositoryName + " (versions: " + entry.releases().keySet() + ")");
        }
        return entry;
    }

    private Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    private void changed() {
        namesFile = null;
        versionsFile = null;
    }

    // ---------------------------------------------------------------- reading

    public String repositoryName() {
        return repositoryName;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** The public key as {@code -----BEGIN PUBLIC KEY-----} PEM text, as rebar3 and Mix take it. */
    public String publicKeyPem() {
        return new String(publicKeyPem, StandardCharsets.US_ASCII);
    }

    /** A reader that verifies this repository's files (its key, its name). */
    public RegistryReader reader() {
        return new RegistryReader(keyPair.getPublic(), repositoryName);
    }

    /** Names of the packages, sorted. */
    public List<String> packageNames() {
        return List.copyOf(packages.keySet());
    }

    /**
     * Versions of a package, ascending by precedence; empty when the package does not exist.
     */
    public List<String> versions(String name) {
        PackageEntry entry = packages.get(RegistryPaths.checkName(name));
        return entry == null ? List.of() : List.copyOf(entry.releases().keySet());
    }

    /**
     * The checksums of a release's current tarball.
     *
     * @throws IllegalArgumentException when the release does not exist
     */
    public TarballChecksums tarballChecksums(String name, String version) {
        return existingRelease(name, version).releases().get(version).checksums();
    }

    /**
     * Every path the repository currently serves: {@code names}, {@code versions},
     * {@code public_key}, then per package {@code packages/NAME}, its tarballs and its docs, then
     * the files under {@code installs/}.
     */
    public List<String> paths() {
        List<String> paths = new ArrayList<>(List.of(RegistryPaths.NAMES, RegistryPaths.VERSIONS, RegistryPaths.PUBLIC_KEY));
        for (PackageEntry entry : packages.values()) {
            paths.add(RegistryPaths.packageKey(entry.name()));
            for (ReleaseEntry release : entry.releases().values()) {
                paths.add(RegistryPaths.tarballKey(entry.name(), release.version()));
                if (release.hasDocs()) {
                    paths.add(docsKey(entry.name(), release.version()));
                }
            }
        }
        paths.addAll(installs.keySet());
        return paths;
    }

    /** The path of a release's docs tarball: {@code docs/NAME-VERSION.tar.gz}. */
    public static String docsKey(String name, String version) {
        return "docs/" + RegistryPaths.checkName(name) + "-" + RegistryPaths.checkVersion(version) + ".tar.gz";
    }

    /**
     * The current bytes of a file: {@code names}, {@code versions}, {@code public_key},
     * {@code packages/NAME}, {@code tarballs/NAME-VERSION.tar}, {@code docs/NAME-VERSION.tar.gz} or
     * {@code installs/...}.
     * Leading slashes are ignored. Empty for anything the repository does not hold (including
     * malformed paths). Each call returns a fresh array.
     */
    public Optional<byte[]> file(String path) {
        String key = requireNonNull(path, "path is null").replaceFirst("^/+", "");
        switch (key) {
            case RegistryPaths.NAMES:
                return Optional.of(namesFile().clone());
            case RegistryPaths.VERSIONS:
                return Optional.of(versionsFile().clone());
            case RegistryPaths.PUBLIC_KEY:
                return Optional.of(publicKeyPem.clone());
            default:
                break;
        }
        if (key.startsWith(RegistryPaths.PACKAGES_PREFIX)) {
            String name = key.substring(RegistryPaths.PACKAGES_PREFIX.length());
            PackageEntry entry = RegistryPaths.isValidName(name) ? packages.get(name) : null;
            return entry == null ? Optional.empty() : Optional.of(entry.file().clone());
        }
        if (key.startsWith(RegistryPaths.TARBALLS_PREFIX) && key.endsWith(".tar")) {
            return release(key.substring(RegistryPaths.TARBALLS_PREFIX.length(), key.length() - ".tar".length()))
                    .map(ReleaseEntry::tarball);
        }
        if (key.startsWith("installs/")) {
            return Optional.ofNullable(installs.get(key)).map(byte[]::clone);
        }
        if (key.startsWith("docs/") && key.endsWith(".tar.gz")) {
            String stem = key.substring("docs/".length(), key.length() - ".tar.gz".length());
            DocsSpec unlisted = unlistedDocs.get(stem);
            if (unlisted != null) {
                int dash = stem.indexOf('-');
                return Optional.of(ExDocOutput.tarball(stem.substring(0, dash), stem.substring(dash + 1), unlisted));
            }
            return release(key.substring("docs/".length(), key.length() - ".tar.gz".length()))
                    .filter(ReleaseEntry::hasDocs)
                    .map(ReleaseEntry::docsTarball);
        }
        return Optional.empty();
    }

    /** The release named by {@code NAME-VERSION}: names have no '-', so the first one splits. */
    private Optional<ReleaseEntry> release(String nameDashVersion) {
        int dash = nameDashVersion.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String name = nameDashVersion.substring(0, dash);
        String version = nameDashVersion.substring(dash + 1);
        if (!RegistryPaths.isValidName(name) || !RegistryPaths.isValidVersion(version)) {
            return Optional.empty();
        }
        PackageEntry entry = packages.get(name);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.releases().get(version));
    }

    // ---------------------------------------------------------------- encoding

    private byte[] namesFile() {
        synchronized (lock) {
            if (namesFile == null) {
                Names.Builder names = Names.newBuilder().setRepository(repositoryName);
                for (PackageEntry entry : packages.values()) {
                    names.addPackages(NamesPackage.newBuilder()
                            .setName(entry.name())
                            .setUpdatedAt(timestamp(entry.updatedAt())));
                }
                namesFile = writer.write(names.build());
            }
            return namesFile;
        }
    }

    private byte[] versionsFile() {
        synchronized (lock) {
            if (versionsFile == null) {
                Versions.Builder versions = Versions.newBuilder().setRepository(repositoryName);
                for (PackageEntry entry : packages.values()) {
                    VersionsPackage.Builder pkg = VersionsPackage.newBuilder().setName(entry.name());
                    int index = 0;
                    for (ReleaseEntry release : entry.releases().values()) {
                        pkg.addVersions(release.version());
                        if (release.retirement() != null) {
                            pkg.addRetired(index);
                        }
                        if (!advisoryIndexes(entry, release.version()).isEmpty()) {
                            pkg.addWithAdvisories(index);
                        }
                        index++;
                    }
                    versions.addPackages(pkg);
                }
                versionsFile = writer.write(versions.build());
            }
            return versionsFile;
        }
    }

    /** Encodes {@code /packages/NAME}; runs outside the lock, on an immutable entry. */
    private byte[] encodePackage(PackageEntry entry) {
        Package.Builder pkg = Package.newBuilder().setName(entry.name()).setRepository(repositoryName);
        entry.advisories().forEach(a -> pkg.addAdvisories(a.advisory()));
        for (ReleaseEntry release : entry.releases().values()) {
            TarballChecksums checksums = release.checksums();
            Release.Builder r = Release.newBuilder()
                    .setVersion(release.version())
                    .setInnerChecksum(ByteString.copyFrom(checksums.innerBytes()))
                    .setOuterChecksum(ByteString.copyFrom(checksums.outerBytes()))
                    .setPublishedAt(timestamp(release.publishedAt()));
            release.spec().dependencies().stream()
                    .sorted(Comparator.comparing(DependencySpec::name))
                    .forEach(d -> r.addDependencies(dependency(d)));
            if (release.retirement() != null) {
                r.setRetired(release.retirement());
            }
            r.addAllAdvisoryIndexes(advisoryIndexes(entry, release.version()));
            pkg.addReleases(r);
        }
        return writer.write(pkg.build());
    }

    /** Fields set as hex.pm sets them: app and repository only when they differ from the defaults. */
    private Dependency dependency(DependencySpec spec) {
        Dependency.Builder d = Dependency.newBuilder().setPackage(spec.name()).setRequirement(spec.requirement());
        if (spec.optional()) {
            d.setOptional(true);
        }
        if (!spec.app().equals(spec.name())) {
            d.setApp(spec.app());
        }
        if (spec.repository() != null && !spec.repository().equals(repositoryName)) {
            d.setRepository(spec.repository());
        }
        return d.build();
    }

    private static List<Integer> advisoryIndexes(PackageEntry entry, String version) {
        List<Integer> indexes = new ArrayList<>();
        List<PackageEntry.Advisory> advisories = entry.advisories();
        for (int i = 0; i < advisories.size(); i++) {
            if (advisories.get(i).versions().contains(version)) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** Re-signs a registry payload with this repository's key (used by the server's faults). */
    byte[] sign(MessageLite message) {
        return writer.write(message);
    }

    Map<String, PackageEntry> packagesView() {
        return packages;
    }

    /** Generated once per JVM, on first use. */
    private static final class SharedKey {
        static final KeyPair KEY_PAIR = RepositoryKeys.generate();
    }
}
