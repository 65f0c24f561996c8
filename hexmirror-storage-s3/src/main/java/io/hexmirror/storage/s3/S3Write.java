package io.hexmirror.storage.s3;

import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.ObjectWrite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One object being written. Bytes collect in a buffer of up to the part size. If the content ends
 * within the first buffer it is stored with one PUT at {@link #commit()}; otherwise a multipart
 * upload starts when the buffer is full and more bytes arrive, each full buffer becomes a part, and
 * {@link #commit()} uploads the rest and completes the upload. Any failure, a SHA-256 that differs
 * from the declared one, or {@link #close()} before commit aborts the upload, so nothing is visible
 * and no parts are left behind to pay for.
 *
 * <p>The SHA-256 is computed while streaming and stored as object metadata. A single PUT carries the
 * computed value. A multipart upload must name its metadata when it starts: it carries the declared
 * value when the caller gave one (checked against the computed one before completing); otherwise the
 * completed object gets its metadata by an in-place server-side copy guarded by the upload's ETag,
 * so that a concurrent writer's object is never labelled with this content's checksum.
 */
final class S3Write implements ObjectWrite {
    private static final Logger LOG = LoggerFactory.getLogger(S3Write.class);
    /** S3's limit on the parts of one upload. */
    static final int MAX_PARTS = 10_000;
    private static final int INITIAL_BUFFER = 64 * 1024;

    private enum State { OPEN, FAILED, COMMITTED, CLOSED }

    private final S3Storage storage;
    private final String key;
    private final String objectKey;
    private final boolean exclusive;
    private final Optional<String> declaredSha256;
    private final String contentType;
    private final int partSize;
    private final MessageDigest digest;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final OutputStream stream = new BufferStream();
    private byte[] buffer;
    private int count;
    private String uploadId;
    private State state = State.OPEN;

    S3Write(S3Storage storage, String key, String objectKey, boolean exclusive, Optional<String> declaredSha256, String contentType) {
        this.storage = storage;
        this.key = key;
        this.objectKey = objectKey;
        this.exclusive = exclusive;
        this.declaredSha256 = declaredSha256;
        this.contentType = contentType;
        this.partSize = (int) storage.config().partSize();
        this.buffer = new byte[Math.min(INITIAL_BUFFER, partSize)];
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    @Override
    public void commit() throws IOException {
        switch (state) {
            case COMMITTED -> throw new IllegalStateException("write of '" + key + "' already committed");
            case CLOSED -> throw new IllegalStateException("write of '" + key + "' was closed before commit");
            case FAILED -> throw new IOException("write of '" + key + "' to " + storage.describe() + " failed earlier; nothing was stored");
            case OPEN -> {
            }
        }
        String actual = S3Storage.hex(digest.digest());
        if (declaredSha256.isPresent() && !declaredSha256.get().equals(actual)) {
            fail(null);
            throw new IOException("content written to '" + key + "' has SHA-256 " + actual + " but the writer declared "
                    + declaredSha256.get() + "; nothing was stored in " + storage.describe());
        }
        try {
            if (uploadId == null) {
                putWhole(actual);
            } else {
                completeUpload(actual);
            }
            state = State.COMMITTED;
            buffer = null;
        } catch (S3Exception e) {
            fail(e);
            if (exclusive && isConditionalConflict(e)) {
                ObjectAlreadyExistsException exists = new ObjectAlreadyExistsException(key, storage.describe());
                exists.initCause(e);
                throw exists;
            }
            throw storage.failure("store", key, e);
        } catch (SdkException e) {
            fail(e);
            throw storage.failure("store", key, e);
        }
    }

    @Override
    public void close() {
        if (state == State.OPEN || state == State.FAILED) {
            abortQuietly(null);
            state = State.CLOSED;
            buffer = null;
        }
    }

    private void putWhole(String sha256) {
        storage.client().putObject(b -> {
            b.bucket(storage.config().bucket()).key(objectKey)
                    .contentType(contentType)
                    .contentLength((long) count)
                    .metadata(Map.of(S3Storage.SHA256_METADATA, sha256));
            if (exclusive) {
                b.ifNoneMatch("*");
            }
        }, body());
    }

    private void completeUpload(String sha256) {
        uploadPart();
        CompleteMultipartUploadResponse done = storage.client().completeMultipartUpload(b -> {
            b.bucket(storage.config().bucket()).key(objectKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts));
            if (exclusive) {
                b.ifNoneMatch("*");
            }
        });
        uploadId = null;
        if (declaredSha256.isEmpty()) {
            labelWithSha256(done.eTag(), sha256);
        }
    }

    /**
     * Adds the metadata a multipart upload could not carry. The object is complete and visible
     * already, so a failure here only costs the stored checksum: it is logged, not thrown.
     */
    private void labelWithSha256(String eTag, String sha256) {
        try {
            storage.client().copyObject(b -> b
                    .sourceBucket(storage.config().bucket()).sourceKey(objectKey)
                    .destinationBucket(storage.config().bucket()).destinationKey(objectKey)
                    .copySourceIfMatch(eTag)
                    .metadataDirective(MetadataDirective.REPLACE)
                    .contentType(contentType)
                    .metadata(Map.of(S3Storage.SHA256_METADATA, sha256)));
        } catch (SdkException e) {
            LOG.warn("stored '{}' in {} but could not record its SHA-256 in its metadata: {}", key, storage.describe(),
                    storage.config().scrub(e.getMessage()));
        }
    }

    /** Uploads the buffer as the next part, starting the multipart upload first if needed. */
    private void uploadPart() {
        if (uploadId == null) {
            uploadId = storage.client().createMultipartUpload(b -> {
                b.bucket(storage.config().bucket()).key(objectKey).contentType(contentType);
                declaredSha256.ifPresent(sha -> b.metadata(Map.of(S3Storage.SHA256_METADATA, sha)));
            }).uploadId();
        }
        int partNumber = parts.size() + 1;
        UploadPartResponse response = storage.client().uploadPart(b -> b
                .bucket(storage.config().bucket()).key(objectKey).uploadId(uploadId)
                .partNumber(partNumber)
                .contentLength((long) count), body());
        parts.add(CompletedPart.builder().partNumber(partNumber).eTag(response.eTag()).build());
        count = 0;
    }

    /** The buffered bytes; a fresh stream on each call, so the SDK can sign, checksum and retry. */
    private RequestBody body() {
        byte[] bytes = buffer;
        int length = count;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, contentType);
    }

    private void fail(Exception cause) {
        state = State.FAILED;
        abortQuietly(cause);
        buffer = null;
    }

    /** Aborts a started multipart upload. Never throws: the caller is already failing or closing. */
    private void abortQuietly(Exception cause) {
        if (uploadId == null) {
            return;
        }
        String id = uploadId;
        uploadId = null;
        try {
            storage.client().abortMultipartUpload(b -> b.bucket(storage.config().bucket()).key(objectKey).uploadId(id));
        } catch (SdkException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
            LOG.warn("could not abort the multipart upload of '{}' in {} (a bucket lifecycle rule can clean it up): {}",
                    key, storage.describe(), storage.config().scrub(e.getMessage()));
        }
    }

    /** 412: the key exists. 409: another conditional write of the key is in flight; it will exist. */
    private static boolean isConditionalConflict(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    private void ensureWritable() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("write of '" + key + "' to " + storage.describe() + " is "
                    + (state == State.FAILED ? "failed" : "finished") + "; no more bytes accepted");
        }
    }

    /** Called when the buffer is full and more bytes arrive. */
    private void flushFullBuffer() throws IOException {
        if (parts.size() + 1 >= MAX_PARTS) {
            IOException tooLarge = new IOException("'" + key + "' needs more than " + MAX_PARTS + " parts of " + partSize
                    + " bytes; raise the " + S3StorageConfig.PART_SIZE + " option of " + storage.describe());
            fail(tooLarge);
            throw tooLarge;
        }
        try {
            uploadPart();
        } catch (SdkException e) {
            fail(e);
            throw storage.failure("upload a part of", key, e);
        }
    }

    /** Buffers what the caller writes; closing it does not commit. */
    private final class BufferStream extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            ensureWritable();
            while (len > 0) {
                if (count == partSize) {
                    flushFullBuffer();
                }
                int n = Math.min(len, partSize - count);
                if (count + n > buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, Math.max((long) buffer.length * 2, count + n)));
                }
                System.arraycopy(b, off, buffer, count, n);
                digest.update(b, off, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() {
            // The write's commit() publishes and its close() discards; closing the stream does neither.
        }
    }
}
