package io.hexmirror.storage.s3;

import static java.util.Objects.requireNonNull;

import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectInfo;
import io.hexmirror.storage.ObjectNotFoundException;
import io.hexmirror.storage.ObjectWrite;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.StorageCapability;
import io.hexmirror.storage.StorageKeys;
import io.hexmirror.storage.StorageNotFoundException;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A mirror in an S3 bucket, under an optional key prefix. Thread-safe: the SDK client is.
 *
 * <ul>
 *   <li>Writes are buffered in memory up to the part size and published by one PUT, or by a
 *       multipart upload that is completed on commit and aborted on any failure or on close without
 *       commit: readers never see part of an object.</li>
 *   <li>Every object written here carries its SHA-256 in the {@code x-amz-meta-sha256} metadata,
 *       which {@link #stat} returns. Objects put into the bucket by other tools have none, and
 *       {@link #list} never returns it (S3 listings carry no user metadata).</li>
 *   <li>Exclusive writes use S3 conditional writes ({@code If-None-Match: *} on PUT and on
 *       CompleteMultipartUpload); stores that ignore the header are opened with
 *       {@code conditional-writes=false}, which withdraws {@link StorageCapability#CREATE_EXCLUSIVE}.</li>
 *   <li>{@link #list} pages lazily through ListObjectsV2; S3 returns keys in ascending UTF-8 byte
 *       order, which is {@link String} order for every key without characters beyond U+FFFF. Keys
 *       under the prefix that are not valid storage keys (such as console "folder" markers ending
 *       in '/') are skipped.</li>
 *   <li>{@link #deleteIfContentEquals} deletes with {@code If-Match} on the ETag of the content
 *       it compared, which S3 honours on DeleteObject; it shares {@code conditional-writes=false}
 *       with exclusive writes, since a store that ignores one condition ignores the other.</li>
 *   <li>{@link #delete} asks whether the object exists first, because S3's own delete answers the
 *       same whether or not there was anything; a concurrent writer can slip between the two.</li>
 * </ul>
 */
final class S3Storage implements Storage {
    /** The type of an object written without one: opaque bytes, never a guess from the key. */
    static final String OCTET_STREAM = "application/octet-stream";
    /** Stored as the {@code x-amz-meta-sha256} header. */
    static final String SHA256_METADATA = "sha256";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final S3Client client;
    private final S3StorageConfig config;
    private final String keyPrefix;

    private S3Storage(S3Client client, S3StorageConfig config) {
        this.client = client;
        this.config = config;
        this.keyPrefix = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    }

    /**
     * Wraps a client, checking that the bucket is reachable (creating it when configured to). The
     * store owns the client from then on and closes it, also when the check fails.
     */
    static S3Storage open(S3Client client, S3StorageConfig config) throws IOException {
        return open(client, config, config.createBucket());
    }

    /**
     * As {@link #open(S3Client, S3StorageConfig)}, creating a missing bucket only when {@code mayCreate}
     * (false for a store that must exist, whatever {@code create-bucket} says).
     */
    static S3Storage open(S3Client client, S3StorageConfig config, boolean mayCreate) throws IOException {
        S3Storage storage = new S3Storage(requireNonNull(client, "client is null"), requireNonNull(config, "config is null"));
        try {
            storage.checkBucket(mayCreate);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return storage;
    }

    private void checkBucket(boolean mayCreate) throws IOException {
        try {
            client.headBucket(b -> b.bucket(config.bucket()));
            return;
        } catch (S3Exception e) {
            // HEAD responses have no body: servers answer a bare 404 or 403 rather than an error code.
            if (e.statusCode() == 403) {
                throw new IOException("access to bucket '" + config.bucket() + "' denied for " + describe()
                        + " (credentials from " + config.credentialSource() + "): " + config.scrub(e.getMessage()), e);
            }
            if (e.statusCode() != 404) {
                throw new IOException("cannot reach bucket '" + config.bucket() + "' for " + describe() + ": "
                        + config.scrub(e.getMessage()), e);
            }
            if (!mayCreate) {
                StorageNotFoundException missing = new StorageNotFoundException(describe(), "bucket '" + config.bucket()
                        + "' does not exist" + (config.createBucket() ? ""
                                : "; create it or pass " + S3StorageConfig.CREATE_BUCKET + "=true"));
                missing.initCause(e);
                throw missing;
            }
        } catch (SdkException e) {
            throw new IOException("cannot reach bucket '" + config.bucket() + "' for " + describe() + ": "
                    + config.scrub(e.getMessage()), e);
        }
        try {
            client.createBucket(b -> b.bucket(config.bucket()));
        } catch (BucketAlreadyOwnedByYouException e) {
            // Created by a concurrent opener: what we wanted.
        } catch (SdkException e) {
            throw new IOException("cannot create bucket '" + config.bucket() + "' for " + describe() + ": "
                    + config.scrub(e.getMessage()), e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) throws IOException {
        String objectKey = objectKey(key);
        HeadObjectResponse head;
        try {
            head = client.headObject(b -> b.bucket(config.bucket()).key(objectKey));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("stat", key, e);
        } catch (SdkException e) {
            throw failure("stat", key, e);
        }
        long size = head.contentLength() == null ? 0 : head.contentLength();
        Instant modified = head.lastModified() == null ? Instant.EPOCH : head.lastModified();
        return Optional.of(new ObjectInfo(key, size, modified, storedSha256(head.metadata())));
    }

    @Override
    public InputStream read(String key) throws IOException {
        String objectKey = objectKey(key);
        try {
            return client.getObject(b -> b.bucket(config.bucket()).key(objectKey));
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(key, describe());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectNotFoundException(key, describe());
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public ObjectWrite write(String key, WriteOptions options) throws IOException {
        String objectKey = objectKey(key);
        requireNonNull(options, "options is null");
        Optional<String> sha256 = options.sha256().map(hex -> hex.toLowerCase(Locale.ROOT));
        if (sha256.isPresent() && !SHA256_HEX.matcher(sha256.get()).matches()) {
            throw new IllegalArgumentException("SHA-256 for '" + key + "' is not 64 hex digits: '" + options.sha256().get() + "'");
        }
        if (options.exclusive()) {
            if (!config.conditionalWrites()) {
                throw new UnsupportedOperationException("exclusive writes need conditional writes, which " + describe()
                        + " was opened without (" + S3StorageConfig.CONDITIONAL_WRITES + "=false)");
            }
            // Fails early; the conditional PUT or complete still decides when racing another writer.
            if (stat(key).isPresent()) {
                throw new ObjectAlreadyExistsException(key, describe());
            }
        }
        return new S3Write(this, key, objectKey, options.exclusive(), sha256, options.contentType().orElse(OCTET_STREAM));
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) throws IOException {
        StorageKeys.validatePrefix(prefix);
        S3Listing listing = new S3Listing(this, keyPrefix, keyPrefix + prefix);
        listing.fetchFirstPage();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(listing,
                Spliterator.ORDERED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
    }

    @Override
    public boolean delete(String key) throws IOException {
        String objectKey = objectKey(key);
        if (stat(key).isEmpty()) {
            return false;
        }
        try {
            client.deleteObject(b -> b.bucket(config.bucket()).key(objectKey));
            return true;
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    /**
     * Reads the object and its ETag in one GET, compares, and deletes with {@code If-Match: ETAG}:
     * S3 deletes only the version that was compared, and answers 412 when another writer replaced
     * it meanwhile ({@link StorageCapability#CONDITIONAL_DELETE}). A store opened with
     * {@code conditional-writes=false} is assumed to ignore conditions: there it is the best-effort
     * read, compare and delete.
     */
    @Override
    public boolean deleteIfContentEquals(String key, byte[] expected) throws IOException {
        requireNonNull(expected, "expected is null");
        String objectKey = objectKey(key);
        if (!config.conditionalWrites()) {
            return Storage.super.deleteIfContentEquals(key, expected);
        }
        String etag;
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket(config.bucket()).key(objectKey))) {
            if (!Arrays.equals(in.readNBytes(expected.length + 1), expected)) {
                return false;
            }
            etag = in.response().eTag();
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("read", key, e);
        } catch (SdkException e) {
            throw failure("read", key, e);
        } catch (IOException e) {
            throw new IOException("cannot read '" + key + "' in " + describe() + ": " + e.getMessage(), e);
        }
        try {
            client.deleteObject(b -> b.bucket(config.bucket()).key(objectKey).ifMatch(etag));
            return true;
        } catch (S3Exception e) {
            // 412: replaced since it was read. 404: deleted since.
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                return false;
            }
            throw failure("delete", key, e);
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public Set<StorageCapability> capabilities() {
        return config.conditionalWrites()
                ? EnumSet.of(StorageCapability.CREATE_EXCLUSIVE, StorageCapability.STORED_SHA256,
                        StorageCapability.CONDITIONAL_DELETE)
                : EnumSet.of(StorageCapability.STORED_SHA256);
    }

    @Override
    public String describe() {
        return config.describe();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "S3Storage{" + describe() + "}";
    }

    S3Client client() {
        return client;
    }

    S3StorageConfig config() {
        return config;
    }

    /** An I/O error naming the key and the store, with any credential scrubbed from the SDK's message. */
    IOException failure(String action, String key, SdkException e) {
        return new IOException("cannot " + action + " '" + key + "' in " + describe() + ": " + config.scrub(e.getMessage()), e);
    }

    /** The full S3 key of a storage key, after validating it. */
    private String objectKey(String key) {
        return keyPrefix + StorageKeys.validate(key);
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static Optional<String> storedSha256(Map<String, String> metadata) {
        String value = metadata == null ? null : metadata.get(SHA256_METADATA);
        if (value == null) {
            return Optional.empty();
        }
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        // Anything else was not written by us; it is no checksum to trust.
        return SHA256_HEX.matcher(normalized).matches() ? Optional.of(normalized) : Optional.empty();
    }
}
