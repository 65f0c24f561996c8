/**
 * The S3 storage plugin: a mirror in an AWS S3 bucket or on an S3-compatible server (MinIO, Ceph,
 * Garage), addressed as {@code s3://BUCKET/PREFIX}. {@link io.hexmirror.storage.s3.S3StorageProvider}
 * is found through {@link java.util.ServiceLoader}; {@link io.hexmirror.storage.s3.S3StorageConfig}
 * lists the options and the AWS environment variables it reads.
 *
 * <p>What a store of this plugin guarantees beyond the storage SPI:
 * <ul>
 *   <li>Objects become visible only whole: one PUT below the part size, otherwise a multipart upload
 *       completed on commit and aborted on failure or on close without commit.</li>
 *   <li>Each object written here keeps the SHA-256 of its content in the {@code x-amz-meta-sha256}
 *       metadata, returned by {@code stat}. Objects written by other tools have none (their
 *       {@code ObjectInfo.sha256()} is empty), and listings never carry it.</li>
 *   <li>Exclusive creation relies on S3 conditional writes ({@code If-None-Match: *}), honoured by
 *       AWS S3 and by s3proxy; {@code conditional-writes=false} turns it off for servers that ignore
 *       the header, and exclusive writes then fail with {@link UnsupportedOperationException}.
 *       The same option governs conditional deletes ({@code If-Match} on DeleteObject), atomic
 *       when on and the SPI's best-effort default when off.</li>
 *   <li>Each object keeps the Content-Type its writer gave in {@code WriteOptions.contentType()}
 *       ({@code application/octet-stream} when none), never with a Content-Encoding, so the bucket
 *       can be served as a static Hex repository. The plugin knows nothing of the Hex layout: the
 *       mirror decides the types.</li>
 * </ul>
 */
package io.hexmirror.storage.s3;
