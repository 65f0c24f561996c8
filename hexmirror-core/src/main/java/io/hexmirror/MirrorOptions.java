package io.hexmirror;

import static java.util.Objects.requireNonNull;

import io.hexmirror.downloads.DownloadCountsOptions;
import io.hexmirror.installs.InstallsOptions;
import io.hexmirror.internal.sync.SyncOptions;
import io.hexmirror.internal.upstream.UpstreamClient;
import io.hexmirror.registry.RepositoryKeys;
import io.hexmirror.selection.SelectionRequest;
import io.hexmirror.sync.SyncListener;
import io.hexmirror.transfer.BundleFileCheck;
import io.hexmirror.upstream.UpstreamHttpVersion;
import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a {@link HexMirror} reaches upstream, which registry it trusts and what it mirrors. Immutable and
 * thread-safe; build one with {@link #builder()} or take {@link #defaults()}.
 *
 * <p>The defaults mirror all of hex.pm: upstream {@value #HEX_PM}, hex.pm's built-in public key, repository
 * name {@value #HEXPM_REPOSITORY}, 32 downloads at once, proxies from the process environment
 * ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY}), no rate cap, a read timeout of 20 s (a stalled
 * upstream is reported within a minute), registry files kept verbatim, no progress
 * listener, the system's temporary directory for unpacking bundles, no installer files ({@code /installs/})
 * mirrored, the Elixir team's key for checking installer files that import and verify meet, and no
 * download counts fetched.
 */
public final class MirrorOptions {
    /** hex.pm's repository, the default upstream. */
    public static final String HEX_PM = "https://repo.hex.pm";
    /** The repository name hex.pm's registry files carry, checked on every registry file. */
    public static final String HEXPM_REPOSITORY = "hexpm";

    private static final MirrorOptions DEFAULTS = builder().build();

    private final URI upstream;
    private final PublicKey upstreamKey;
    private final String repository;
    private final int concurrency;
    private final Optional<URI> proxy;
    private final Map<String, String> environment;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration requestDeadline;
    private final long maxRate;
    private final UpstreamHttpVersion httpVersion;
    private final int retries;
    private final Duration retryBackoff;
    private final Optional<SelectionRequest> selection;
    private final boolean keepUnselected;
    private final Optional<PrivateKey> signingKey;
    private final boolean trustStoredChecksums;
    private final boolean deepVerify;
    private final SyncListener listener;
    private final String owner;
    private final Path workDir;
    private final BundleFileCheck bundleFileCheck;
    private final Optional<InstallsOptions> installs;
    private final PublicKey installsKey;
    private final Optional<DownloadCountsOptions> downloadCounts;
    private final MirrorChangeHook afterChange;

    private MirrorOptions(Builder b) {
        this.upstream = b.upstream;
        this.upstreamKey = b.upstreamKey;
        this.repository = b.repository;
        this.concurrency = b.concurrency;
        this.proxy = b.proxy;
        this.environment = Map.copyOf(b.environment);
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.requestDeadline = b.requestDeadline;
        this.maxRate = b.maxRate;
        this.httpVersion = b.httpVersion;
        this.retries = b.retries;
        this.retryBackoff = b.retryBackoff;
        this.selection = b.selection;
        this.keepUnselected = b.keepUnselected;
        this.signingKey = b.signingKey;
        this.trustStoredChecksums = b.trustStoredChecksums;
        this.deepVerify = b.deepVerify;
        this.listener = b.listener;
        this.owner = b.owner;
        this.workDir = b.workDir;
        this.bundleFileCheck = b.bundleFileCheck;
        this.installs = b.installs;
        this.installsKey = b.installsKey;
        this.downloadCounts = b.downloadCounts;
        this.afterChange = b.afterChange;
    }

    /** All of hex.pm, verified with hex.pm's key, proxies from the environment. */
    public static MirrorOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the {@linkplain #defaults() defaults}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The repository to mirror from. */
    public URI upstream() {
        return upstream;
    }

    /** The key every registry file's signature must verify with. */
    public PublicKey upstreamKey() {
        return upstreamKey;
    }

    /** The repository name every registry file must carry (the origin check). */
    public String repository() {
        return repository;
    }

    /** Packages and tarballs fetched at once. */
    public int concurrency() {
        return concurrency;
    }

    /** The proxy given explicitly; when empty, proxies come from {@link #environment()}. */
    public Optional<URI> proxy() {
        return proxy;
    }

    /** The environment proxy variables are read from (the process environment unless replaced). */
    public Map<String, String> environment() {
        return environment;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long an upstream connection may stay silent before the attempt fails; a request silent twice is
     * reported as a stalled upstream ({@link io.hexmirror.upstream.UpstreamStalledException}).
     */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** The cap on the total download rate from upstream, over all connections, in bytes per second; empty: none. */
    public OptionalLong maxRate() {
        return maxRate > 0 ? OptionalLong.of(maxRate) : OptionalLong.empty();
    }

    /** The HTTP version spoken to an https upstream: see {@link UpstreamHttpVersion}. */
    public UpstreamHttpVersion httpVersion() {
        return httpVersion;
    }

    /** The most one upstream request may take from sending it to the last byte of its body. */
    public Duration requestDeadline() {
        return requestDeadline;
    }

    /** How many times a transient upstream failure is retried. */
    public int retries() {
        return retries;
    }

    /** The pause before the first retry (it grows with each further one). */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** The packages and releases to mirror with their dependencies; empty means all of upstream. */
    public Optional<SelectionRequest> selection() {
        return selection;
    }

    /** Whether a sync keeps what the selection no longer needs instead of deleting it. */
    public boolean keepUnselected() {
        return keepUnselected;
    }

    /**
     * The mirror's private key when the mirror re-signs: its registry then lists only the mirrored
     * releases, signed with this key. Empty: registry files are kept as upstream signed them.
     */
    public Optional<PrivateKey> signingKey() {
        return signingKey;
    }

    /** Whether verify accepts a tarball on the SHA-256 its store keeps for it, without reading it. */
    public boolean trustStoredChecksums() {
        return trustStoredChecksums;
    }

    /**
     * Whether verify inspects each tarball as a sync does (tar structure, inner checksum, gzip) besides
     * comparing it with the outer checksum of the signed registry.
     */
    public boolean deepVerify() {
        return deepVerify;
    }

    /** Told of a sync's progress; called from several threads. */
    public SyncListener listener() {
        return listener;
    }

    /** Who takes the mirror's lock, as other processes see it in the lock. */
    public String owner() {
        return owner;
    }

    /** Where an import unpacks a bundle while checking it. */
    public Path workDir() {
        return workDir;
    }

    /** The extra check an import makes of every file a bundle brings, before anything is published. */
    public BundleFileCheck bundleFileCheck() {
        return bundleFileCheck;
    }

    /** Which installer builds ({@code /installs/}) a sync mirrors as well; empty: none. */
    public Optional<InstallsOptions> installs() {
        return installs;
    }

    /** The key the installs CSVs' {@code .signed} files must verify with when import or verify meets them. */
    public PublicKey installsKey() {
        return installsKey;
    }

    /** Whether and from where a sync fetches a snapshot of the download counts; empty: it does not. */
    public Optional<DownloadCountsOptions> downloadCounts() {
        return downloadCounts;
    }

    /** What runs after every sync and import, under the mirror's lock. */
    public MirrorChangeHook afterChange() {
        return afterChange;
    }

    /** Builds {@link MirrorOptions}. Not thread-safe. */
    public static final class Builder {
        private URI upstream = URI.create(HEX_PM);
        private PublicKey upstreamKey = RepositoryKeys.hexpmPublicKey();
        private String repository = HEXPM_REPOSITORY;
        private int concurrency = SyncOptions.DEFAULT_CONCURRENCY;
        private Optional<URI> proxy = Optional.empty();
        private Map<String, String> environment = System.getenv();
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout = UpstreamClient.DEFAULT_READ_TIMEOUT;
        private Duration requestDeadline = UpstreamClient.DEFAULT_REQUEST_DEADLINE;
        private long maxRate;
        private UpstreamHttpVersion httpVersion = UpstreamHttpVersion.HTTP_1_1;
        private int retries = 4;
        private Duration retryBackoff = Duration.ofMillis(500);
        private Optional<SelectionRequest> selection = Optional.empty();
        private boolean keepUnselected;
        private Optional<PrivateKey> signingKey = Optional.empty();
        private boolean trustStoredChecksums;
        private boolean deepVerify;
        private SyncListener listener = SyncListener.NONE;
        private String owner = "hexmirror (embedded)";
        private Path workDir = Path.of(System.getProperty("java.io.tmpdir"));
        private BundleFileCheck bundleFileCheck = BundleFileCheck.NONE;
        private Optional<InstallsOptions> installs = Optional.empty();
        private PublicKey installsKey = InstallsOptions.elixirTeamKey();
        private Optional<DownloadCountsOptions> downloadCounts = Optional.empty();
        private MirrorChangeHook afterChange = MirrorChangeHook.NONE;

        private Builder() {
        }

        private Builder(MirrorOptions o) {
            upstream = o.upstream;
            upstreamKey = o.upstreamKey;
            repository = o.repository;
            concurrency = o.concurrency;
            proxy = o.proxy;
            environment = o.environment;
            connectTimeout = o.connectTimeout;
            readTimeout = o.readTimeout;
            requestDeadline = o.requestDeadline;
            maxRate = o.maxRate;
            httpVersion = o.httpVersion;
            retries = o.retries;
            retryBackoff = o.retryBackoff;
            selection = o.selection;
            keepUnselected = o.keepUnselected;
            signingKey = o.signingKey;
            trustStoredChecksums = o.trustStoredChecksums;
            deepVerify = o.deepVerify;
            listener = o.listener;
            owner = o.owner;
            workDir = o.workDir;
            bundleFileCheck = o.bundleFileCheck;
            installs = o.installs;
            installsKey = o.installsKey;
            downloadCounts = o.downloadCounts;
            afterChange = o.afterChange;
        }

        /** The repository to mirror from, an http or https URL. Default {@value MirrorOptions#HEX_PM}. */
        public Builder upstream(URI upstream) {
            this.upstream = requireNonNull(upstream, "upstream is null");
            return this;
        }

        /** The upstream repository's public key. Default: hex.pm's. */
        public Builder upstreamKey(PublicKey key) {
            this.upstreamKey = requireNonNull(key, "key is null");
            return this;
        }

        /** The repository name registry files must carry. Default {@value MirrorOptions#HEXPM_REPOSITORY}. */
        public Builder repository(String name) {
            requireNonNull(name, "name is null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("repository name is blank");
            }
            this.repository = name;
            return this;
        }

        /** Downloads at once, 1 to 256. Default 32. */
        public Builder concurrency(int concurrency) {
            if (concurrency < 1 || concurrency > 256) {
                throw new IllegalArgumentException("concurrency must be between 1 and 256, not " + concurrency);
            }
            this.concurrency = concurrency;
            return this;
        }

        /** Sends every request through this proxy, ignoring the environment; {@code null} goes back to the environment. */
        public Builder proxy(URI proxyOrNull) {
            this.proxy = Optional.ofNullable(proxyOrNull);
            return this;
        }

        /** The variables proxies are read from. Default {@code System.getenv()}; pass {@code Map.of()} to ignore it. */
        public Builder environment(Map<String, String> environment) {
            this.environment = requireNonNull(environment, "environment is null");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requireNonNull(timeout, "timeout is null");
            return this;
        }

        /**
         * How long an upstream connection may stay silent before the attempt fails. Silence is retried once, then
         * reported as a stalled upstream, so with the default of 20 s a stalled upstream is reported within a minute.
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = requireNonNull(timeout, "timeout is null");
            return this;
        }

        /**
         * The HTTP version spoken to an https upstream: {@code AUTO} takes HTTP/2 where upstream offers it and
         * sends all requests over one connection as concurrent streams. Default {@code HTTP_1_1}.
         */
        public Builder httpVersion(UpstreamHttpVersion version) {
            this.httpVersion = requireNonNull(version, "version is null");
            return this;
        }

        /**
         * Caps the total download rate from upstream, over all connections together, in bytes per second, so that
         * a sync leaves a shared link usable; 0 removes the cap. Default: no cap.
         */
        public Builder maxRate(long bytesPerSecond) {
            if (bytesPerSecond < 0) {
                throw new IllegalArgumentException("max rate must not be negative: " + bytesPerSecond);
            }
            this.maxRate = bytesPerSecond;
            return this;
        }

        /**
         * The most one upstream request may take from sending it to the last byte of its body,
         * however steadily bytes arrive; the read timeout only catches a silent upstream, this one
         * also catches one that drips or never ends. Must be positive. Default 30 minutes.
         */
        public Builder requestDeadline(Duration deadline) {
            requireNonNull(deadline, "deadline is null");
            if (deadline.isZero() || deadline.isNegative()) {
                throw new IllegalArgumentException("request deadline must be positive, not " + deadline);
            }
            this.requestDeadline = deadline;
            return this;
        }

        /** Retries of a transient upstream failure; 0 disables them. Default 4. */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative: " + retries);
            }
            this.retries = retries;
            return this;
        }

        /** The pause before the first retry. Default 500 ms. */
        public Builder retryBackoff(Duration pause) {
            this.retryBackoff = requireNonNull(pause, "pause is null");
            return this;
        }

        /** Mirror only these packages and releases, with their dependencies. Default: everything upstream. */
        public Builder selection(SelectionRequest selection) {
            this.selection = Optional.of(requireNonNull(selection, "selection is null"));
            return this;
        }

        /** Keep what the selection no longer needs instead of deleting it. Default false. */
        public Builder keepUnselected(boolean keep) {
            this.keepUnselected = keep;
            return this;
        }

        /**
         * Re-sign the registry of a partial mirror with this private key, so that it lists only the mirrored
         * releases. Needs a {@link #selection}. Default: registry files kept verbatim.
         */
        public Builder signingKey(PrivateKey key) {
            this.signingKey = Optional.of(requireNonNull(key, "key is null"));
            return this;
        }

        /** Let verify accept a tarball on the SHA-256 its store keeps for it. Default false. */
        public Builder trustStoredChecksums(boolean trust) {
            this.trustStoredChecksums = trust;
            return this;
        }

        /**
         * Let verify inspect each tarball as a sync does (tar structure, inner checksum, gzip), not only
         * compare it with its signed outer checksum. Default false.
         */
        public Builder deepVerify(boolean deep) {
            this.deepVerify = deep;
            return this;
        }

        /** Told of a sync's progress. Default: nobody. */
        public Builder listener(SyncListener listener) {
            this.listener = requireNonNull(listener, "listener is null");
            return this;
        }

        /** Who holds the lock while this mirror writes, as other processes see it. */
        public Builder owner(String owner) {
            this.owner = requireNonNull(owner, "owner is null");
            return this;
        }

        /** Where imports unpack bundles. Default: the system's temporary directory. */
        public Builder workDir(Path dir) {
            this.workDir = requireNonNull(dir, "dir is null");
            return this;
        }

        /**
         * An extra check of every file a bundle brings (e.g. the docs module's checks of docs tarballs); a file
         * it refuses fails the import before anything is published. Default: none.
         */
        public Builder bundleFileCheck(BundleFileCheck check) {
            this.bundleFileCheck = requireNonNull(check, "check is null");
            return this;
        }

        /**
         * Also mirror the installer files under {@code /installs/} (for {@code mix local.hex} and
         * {@code mix local.rebar}) as these options choose; {@code null} mirrors none. Default: none.
         */
        public Builder installs(InstallsOptions installsOrNull) {
            this.installs = Optional.ofNullable(installsOrNull);
            return this;
        }

        /** The key installs CSVs must verify with in an import or verify. Default: the Elixir team's, built into Mix. */
        public Builder installsKey(PublicKey key) {
            this.installsKey = requireNonNull(key, "key is null");
            return this;
        }

        /**
         * Also fetch a snapshot of the download counts from a Hex API at the end of every sync (about 200
         * requests for all of hex.pm, 100 a minute at the default pace); {@code null} fetches none. Default: none.
         */
        public Builder downloadCounts(DownloadCountsOptions countsOrNull) {
            this.downloadCounts = Optional.ofNullable(countsOrNull);
            return this;
        }

        /** Work to run after every sync and import, under the mirror's lock (the CLI updates the catalog). Default: none. */
        public Builder afterChange(MirrorChangeHook hook) {
            this.afterChange = requireNonNull(hook, "hook is null");
            return this;
        }

        /** The options; a signing key without a selection is refused when a sync starts. */
        public MirrorOptions build() {
            return new MirrorOptions(this);
        }
    }
}
