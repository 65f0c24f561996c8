package io.hexmirror.storage.s3;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.StorageKeys;
import io.hexmirror.storage.config.ProviderOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The immutable configuration of one S3 store, parsed from an {@code s3://BUCKET/PREFIX} URI, its
 * options and the process environment.
 *
 * <p>Options (all optional):
 * <ul>
 *   <li>{@code endpoint}: base URL of an S3-compatible server ({@code http://127.0.0.1:9000});
 *       otherwise {@code AWS_ENDPOINT_URL_S3}, then {@code AWS_ENDPOINT_URL}, then AWS itself</li>
 *   <li>{@code region}: otherwise {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the profile's
 *       region, then {@code us-east-1}</li>
 *   <li>{@code path-style}: {@code true} addresses the bucket in the path instead of the host name,
 *       as most self-hosted stores need (default false)</li>
 *   <li>{@code profile}: a profile of the AWS shared config files (otherwise {@code AWS_PROFILE})</li>
 *   <li>{@code access-key}, {@code secret-key}, {@code session-token}: static credentials, given
 *       together; otherwise {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/
 *       {@code AWS_SESSION_TOKEN}, then the profile, then the SDK's default chain. Never printed.</li>
 *   <li>{@code part-size}: size of multipart upload parts and of the in-memory write buffer, as
 *       {@link io.hexmirror.storage.config.Sizes} reads it ({@code 8M}, {@code 6144KiB}; default
 *       8 MiB, at least 5 MiB);
 *       an object smaller than this is stored with a single PUT</li>
 *   <li>{@code create-bucket}: create the bucket when it does not exist (default false)</li>
 *   <li>{@code conditional-writes}: whether the server honours {@code If-None-Match: *} on writes
 *       and {@code If-Match} on deletes; {@code false} for stores that ignore them withdraws
 *       create-exclusive and the atomic conditional delete (default true)</li>
 *   <li>{@code list-page-size}: keys per listing request, 1 to 1000 (default 1000)</li>
 *   <li>{@code max-attempts}: attempts per request under the SDK's standard retry strategy,
 *       including the first (default 3)</li>
 *   <li>{@code connect-timeout}, {@code socket-timeout}: durations as
 *       {@link io.hexmirror.storage.config.Durations} reads them ({@code 10s}, {@code 500ms},
 *       {@code 2m}, {@code PT30S}; defaults 10s and 60s)</li>
 * </ul>
 * Option values win over environment variables. {@link #toString()} and {@link #describe()} never
 * contain credentials.
 */
public final class S3StorageConfig {
    public static final long MIB = 1024L * 1024L;
    public static final long DEFAULT_PART_SIZE = 8 * MIB;
    /** S3 refuses parts smaller than this, except the last. */
    public static final long MIN_PART_SIZE = 5 * MIB;
    /** The part buffer is one Java array. */
    public static final long MAX_PART_SIZE = 1024 * MIB;
    public static final int MAX_LIST_PAGE_SIZE = 1000;

    public static final String ENDPOINT = "endpoint";
    public static final String REGION = "region";
    public static final String PATH_STYLE = "path-style";
    public static final String PROFILE = "profile";
    public static final String ACCESS_KEY = "access-key";
    public static final String SECRET_KEY = "secret-key";
    public static final String SESSION_TOKEN = "session-token";
    public static final String PART_SIZE = "part-size";
    public static final String CREATE_BUCKET = "create-bucket";
    public static final String CONDITIONAL_WRITES = "conditional-writes";
    public static final String LIST_PAGE_SIZE = "list-page-size";
    public static final String MAX_ATTEMPTS = "max-attempts";
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    public static final String SOCKET_TIMEOUT = "socket-timeout";

    /** Every option name {@link #parse} accepts. */
    public static final Set<String> KNOWN_OPTIONS = Set.of(ENDPOINT, REGION, PATH_STYLE, PROFILE, ACCESS_KEY, SECRET_KEY,
            SESSION_TOKEN, PART_SIZE, CREATE_BUCKET, CONDITIONAL_WRITES, LIST_PAGE_SIZE, MAX_ATTEMPTS, CONNECT_TIMEOUT,
            SOCKET_TIMEOUT);
    /** The options whose values are credentials. */
    public static final Set<String> SECRET_OPTIONS = Set.of(ACCESS_KEY, SECRET_KEY, SESSION_TOKEN);

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,254}");

    /** Where the credentials come from. */
    public enum CredentialSource {
        /** {@code access-key} and {@code secret-key} options. */
        OPTIONS,
        /** {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}. */
        ENVIRONMENT,
        /** A named profile of the shared config and credentials files. */
        PROFILE,
        /** The SDK's default provider chain (system properties, web identity, containers, instance metadata...). */
        DEFAULT_CHAIN
    }

    private final String bucket;
    private final String prefix;
    private final URI endpoint;
    private final String region;
    private final boolean pathStyle;
    private final String profile;
    private final CredentialSource credentialSource;
    private final String accessKey;
    private final String secretKey;
    private final String sessionToken;
    private final long partSize;
    private final boolean createBucket;
    private final boolean conditionalWrites;
    private final int listPageSize;
    private final int maxAttempts;
    private final Duration connectTimeout;
    private final Duration socketTimeout;

    private S3StorageConfig(Parser p) {
        this.bucket = p.bucket;
        this.prefix = p.prefix;
        this.endpoint = p.endpoint;
        this.region = p.region;
        this.pathStyle = p.pathStyle;
        this.profile = p.profile;
        this.credentialSource = p.credentialSource;
        this.accessKey = p.accessKey;
        this.secretKey = p.secretKey;
        this.sessionToken = p.sessionToken;
        this.partSize = p.partSize;
        this.createBucket = p.createBucket;
        this.conditionalWrites = p.conditionalWrites;
        this.listPageSize = p.listPageSize;
        this.maxAttempts = p.maxAttempts;
        this.connectTimeout = p.connectTimeout;
        this.socketTimeout = p.socketTimeout;
    }

    /**
     * Parses a configuration.
     *
     * @param uri {@code s3://BUCKET} or {@code s3://BUCKET/PREFIX}, without a query
     * @param options option names and values (see the class comment)
     * @param env environment variables, normally {@link System#getenv()}
     * @throws IllegalArgumentException naming the URI part or option that is invalid or unknown;
     *     the message never contains a credential
     */
    public static S3StorageConfig parse(URI uri, Map<String, String> options, Map<String, String> env) {
        requireNonNull(uri, "uri is null");
        requireNonNull(options, "options is null");
        requireNonNull(env, "env is null");
        Parser parser = new Parser();
        parser.location(uri);
        parser.options(options);
        parser.environment(env);
        return new S3StorageConfig(parser);
    }

    public String bucket() {
        return bucket;
    }

    /** The key prefix inside the bucket, without leading or trailing slash; empty for the whole bucket. */
    public String prefix() {
        return prefix;
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The region when configured; empty means the profile's region or {@code us-east-1}. */
    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    public boolean pathStyle() {
        return pathStyle;
    }

    public Optional<String> profile() {
        return Optional.ofNullable(profile);
    }

    public CredentialSource credentialSource() {
        return credentialSource;
    }

    public long partSize() {
        return partSize;
    }

    public boolean createBucket() {
        return createBucket;
    }

    public boolean conditionalWrites() {
        return conditionalWrites;
    }

    public int listPageSize() {
        return listPageSize;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration socketTimeout() {
        return socketTimeout;
    }

    Optional<String> accessKey() {
        return Optional.ofNullable(accessKey);
    }

    Optional<String> secretKey() {
        return Optional.ofNullable(secretKey);
    }

    Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    /** {@code s3://bucket/prefix}, followed by the endpoint when one is set; never credentials. */
    public String describe() {
        String location = "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
        return endpoint == null ? location : location + " at " + endpoint;
    }

    /** Replaces every credential value that occurs in a message, so that errors can quote servers safely. */
    String scrub(String message) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (String secret : new String[] {secretKey, sessionToken, accessKey}) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, ProviderOptions.MASK);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "S3StorageConfig{" + describe()
                + ", region=" + (region == null ? "(default)" : region)
                + ", pathStyle=" + pathStyle
                + ", profile=" + (profile == null ? "(none)" : profile)
                + ", credentials=" + credentialSource + (accessKey == null ? "" : " " + ProviderOptions.MASK)
                + ", partSize=" + partSize
                + ", createBucket=" + createBucket
                + ", conditionalWrites=" + conditionalWrites
                + ", listPageSize=" + listPageSize
                + ", maxAttempts=" + maxAttempts
                + ", connectTimeout=" + connectTimeout
                + ", socketTimeout=" + socketTimeout + "}";
    }

    /** Mutable state while parsing; only {@link S3StorageConfig} escapes. */
    private static final class Parser {
        String bucket;
        String prefix = "";
        URI endpoint;
        String region;
        boolean pathStyle;
        String profile;
        CredentialSource credentialSource = CredentialSource.DEFAULT_CHAIN;
        String accessKey;
        String secretKey;
        String sessionToken;
        long partSize = DEFAULT_PART_SIZE;
        boolean createBucket;
        boolean conditionalWrites = true;
        int listPageSize = MAX_LIST_PAGE_SIZE;
        int maxAttempts = 3;
        Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;

        void location(URI uri) {
            if (!"s3".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("not an s3 URI: scheme '" + uri.getScheme() + "'");
            }
            if (uri.isOpaque()) {
                throw new IllegalArgumentException("s3 URI must have the form s3://BUCKET/PREFIX");
            }
            // Credentials in the URI would end up in shell history and logs; refuse without echoing them.
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("s3 URI must not contain user info; give credentials as the "
                        + ACCESS_KEY + " and " + SECRET_KEY + " options or through the environment");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("s3 URI s3://" + uri.getRawAuthority() + uri.getRawPath()
                        + " must not have a query or fragment here; options are passed separately");
            }
            String authority = uri.getAuthority();
            if (authority == null || authority.isEmpty()) {
                throw new IllegalArgumentException("s3 URI names no bucket: use s3://BUCKET/PREFIX");
            }
            if (uri.getPort() != -1 || !BUCKET_NAME.matcher(authority).matches()) {
                throw new IllegalArgumentException("invalid bucket name '" + authority + "' in s3 URI: use 3 to 255 "
                        + "lowercase letters, digits, '.', '-' or '_' (set the server with the " + ENDPOINT + " option)");
            }
            bucket = authority;
            String path = uri.getPath() == null ? "" : uri.getPath();
            String trimmed = trimSlashes(path);
            if (!trimmed.isEmpty()) {
                try {
                    StorageKeys.validate(trimmed);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid prefix in s3://" + bucket + path + ": " + e.getMessage(), e);
                }
            }
            prefix = trimmed;
        }

        void options(Map<String, String> given) {
            ProviderOptions o = ProviderOptions.of("s3 storage", given, KNOWN_OPTIONS, SECRET_OPTIONS);
            Optional<String> endpointOption = o.string(ENDPOINT);
            if (endpointOption.isPresent()) {
                endpoint = endpoint(ENDPOINT, endpointOption.get());
            }
            Optional<String> regionOption = o.string(REGION);
            if (regionOption.isPresent()) {
                region = region(REGION, regionOption.get());
            }
            pathStyle = o.bool(PATH_STYLE, false);
            profile = o.string(PROFILE).orElse(null);
            boolean hasAccess = o.has(ACCESS_KEY);
            boolean hasSecret = o.has(SECRET_KEY);
            if (hasAccess != hasSecret) {
                throw new IllegalArgumentException("options " + ACCESS_KEY + " and " + SECRET_KEY + " must be given together");
            }
            if (o.has(SESSION_TOKEN) && !hasAccess) {
                throw new IllegalArgumentException("option " + SESSION_TOKEN + " needs " + ACCESS_KEY + " and " + SECRET_KEY);
            }
            if (hasAccess) {
                accessKey = o.secret(ACCESS_KEY).orElseThrow();
                secretKey = o.secret(SECRET_KEY).orElseThrow();
                sessionToken = o.secret(SESSION_TOKEN).orElse(null);
                credentialSource = CredentialSource.OPTIONS;
            } else if (profile != null) {
                credentialSource = CredentialSource.PROFILE;
            }
            partSize = o.size(PART_SIZE, DEFAULT_PART_SIZE);
            if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
                throw new IllegalArgumentException("option " + PART_SIZE + " must be between 5 MiB and 1 GiB, not "
                        + partSize + " bytes");
            }
            createBucket = o.bool(CREATE_BUCKET, false);
            conditionalWrites = o.bool(CONDITIONAL_WRITES, true);
            listPageSize = o.integer(LIST_PAGE_SIZE, 1, MAX_LIST_PAGE_SIZE, MAX_LIST_PAGE_SIZE);
            maxAttempts = o.integer(MAX_ATTEMPTS, 1, 20, 3);
            connectTimeout = o.duration(CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
            socketTimeout = o.duration(SOCKET_TIMEOUT, DEFAULT_SOCKET_TIMEOUT);
        }

        /** Fills what the options left open from the standard AWS variables. */
        void environment(Map<String, String> env) {
            if (endpoint == null) {
                for (String name : List.of("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL")) {
                    String value = env.get(name);
                    if (value != null && !value.isBlank()) {
                        endpoint = endpoint("environment variable " + name, value);
                        break;
                    }
                }
            }
            if (region == null) {
                for (String name : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
                    String value = env.get(name);
                    if (value != null && !value.isBlank()) {
                        region = region("environment variable " + name, value);
                        break;
                    }
                }
            }
            if (credentialSource != CredentialSource.DEFAULT_CHAIN) {
                return;
            }
            String id = env.get("AWS_ACCESS_KEY_ID");
            String key = env.get("AWS_SECRET_ACCESS_KEY");
            if (id != null && !id.isEmpty() && key != null && !key.isEmpty()) {
                accessKey = id;
                secretKey = key;
                String token = env.get("AWS_SESSION_TOKEN");
                sessionToken = token == null || token.isEmpty() ? null : token;
                credentialSource = CredentialSource.ENVIRONMENT;
            } else if (env.get("AWS_PROFILE") != null && !env.get("AWS_PROFILE").isBlank()) {
                profile = env.get("AWS_PROFILE").trim();
                credentialSource = CredentialSource.PROFILE;
            }
        }

        private static URI endpoint(String what, String value) {
            URI uri;
            try {
                uri = new URI(value.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(what + " is not a URL: " + e.getReason());
            }
            if (uri.getRawUserInfo() != null) {
                // Do not echo the value: the user info is likely a credential.
                throw new IllegalArgumentException(what + " must not contain user info; give credentials as the "
                        + ACCESS_KEY + " and " + SECRET_KEY + " options or through the environment");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException(what + " must be an http or https URL such as http://127.0.0.1:9000, not '"
                        + value + "'");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException(what + " must not have a query or fragment: '" + value + "'");
            }
            return uri;
        }

        private static String region(String what, String value) {
            String trimmed = value.trim();
            if (!REGION_NAME.matcher(trimmed).matches()) {
                throw new IllegalArgumentException(what + " is not a region name such as us-east-1: '" + value + "'");
            }
            return trimmed;
        }

        private static String trimSlashes(String path) {
            int start = 0;
            int end = path.length();
            while (start < end && path.charAt(start) == '/') {
                start++;
            }
            while (end > start && path.charAt(end - 1) == '/') {
                end--;
            }
            return path.substring(start, end);
        }
    }
}
