package io.hexmirror.storage.s3;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageProvider;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code s3:} storage provider: {@code s3://BUCKET/PREFIX} on AWS S3 or an S3-compatible server
 * (MinIO, Ceph, Garage), through the AWS SDK for Java v2 and its Apache HttpClient 5 transport.
 * Options and environment variables are described in {@link S3StorageConfig}; for example
 * {@code s3://hexbucket/mirror?endpoint=http://127.0.0.1:9000&path-style=true}.
 *
 * <p>The store is checked when opened: a missing bucket (unless {@code create-bucket=true}),
 * refused credentials or an unreachable endpoint fail {@link #open} with an {@link IOException}.
 * Stores declare {@code STORED_SHA256} and, unless opened with {@code conditional-writes=false},
 * {@code CREATE_EXCLUSIVE}.
 */
public final class S3StorageProvider implements StorageProvider {
    public static final String SCHEME = "s3";

    @Override
    public String scheme() {
        return SCHEME;
    }

    /** Opens a store configured by the URI, the options and this process's environment. */
    @Override
    public Storage open(URI uri, Map<String, String> options) throws IOException {
        return open(uri, options, System.getenv());
    }

    /**
     * Opens a store configured by the URI, the options and the given environment variables (the
     * {@code AWS_*} variables that {@link S3StorageConfig} reads).
     */
    public Storage open(URI uri, Map<String, String> options, Map<String, String> env) throws IOException {
        return open(S3StorageConfig.parse(uri, options, env));
    }

    /**
     * Opens a store whose bucket must exist: never creates it, whatever {@code create-bucket} says, so
     * that a command that only reads a mirror creates nothing.
     */
    @Override
    public Storage openExisting(URI uri, Map<String, String> options) throws IOException {
        return openExisting(uri, options, System.getenv());
    }

    /** As {@link #openExisting(URI, Map)}, with the given environment variables. */
    public Storage openExisting(URI uri, Map<String, String> options, Map<String, String> env) throws IOException {
        return open(S3StorageConfig.parse(uri, options, env), false);
    }

    /** Opens a store from a parsed configuration. */
    public static Storage open(S3StorageConfig config) throws IOException {
        return open(config, requireNonNull(config, "config is null").createBucket());
    }

    private static Storage open(S3StorageConfig config, boolean mayCreateBucket) throws IOException {
        S3Client client;
        try {
            client = S3Clients.create(config);
        } catch (SdkException e) {
            throw new IOException("cannot set up an S3 client for " + config.describe() + ": " + config.scrub(e.getMessage()), e);
        }
        return S3Storage.open(client, config, mayCreateBucket);
    }

    /** {@code access-key}, {@code secret-key} and {@code session-token}. */
    @Override
    public Set<String> secretOptions() {
        return S3StorageConfig.SECRET_OPTIONS;
    }
}
