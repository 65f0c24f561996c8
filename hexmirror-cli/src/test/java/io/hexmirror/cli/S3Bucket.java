package io.hexmirror.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A bucket on the s3proxy a test started, with the {@code s3://} URI the CLI takes for it and an
 * SDK client of its own for looking at, and tampering with, what hexmirror stored there.
 */
final class S3Bucket implements AutoCloseable {
    static final String BUCKET = "hexbucket";
    static final String PREFIX = "mirror";
    /** Distinctive, so that tests can check that no output contains them. */
    static final String ACCESS_KEY = "AKIAHEXMIRRORCLI0001";
    static final String SECRET_KEY = "cli-Secret-Key-4b8d1e";

    final S3ProxyExtension proxy;
    final S3Client client;

    private S3Bucket(S3ProxyExtension proxy) {
        this.proxy = proxy;
        this.client = S3Client.builder()
                .endpointOverride(proxy.getUri())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
        client.createBucket(b -> b.bucket(BUCKET));
    }

    /** An in-memory s3proxy, started for each test by JUnit. */
    static S3ProxyExtension extension() {
        return S3ProxyExtension.builder().withCredentials(ACCESS_KEY, SECRET_KEY).withBlobStoreProvider("transient-nio2").build();
    }

    /** Creates the bucket on a started proxy. */
    static S3Bucket on(S3ProxyExtension proxy) {
        return new S3Bucket(proxy);
    }

    /** The storage URI of the mirror, with the server and credentials as URI options. */
    String uri() {
        return "s3://" + BUCKET + "/" + PREFIX + "?endpoint=" + encode(proxy.getUri().toString())
                + "&path-style=true&access-key=" + ACCESS_KEY + "&secret-key=" + SECRET_KEY + "&region=us-east-1";
    }

    /** The buckets on the server. */
    List<String> bucketNames() {
        return client.listBuckets().buckets().stream().map(b -> b.name()).toList();
    }

    byte[] get(String key) {
        return client.getObjectAsBytes(b -> b.bucket(BUCKET).key(PREFIX + "/" + key)).asByteArray();
    }

    HeadObjectResponse head(String key) {
        return client.headObject(b -> b.bucket(BUCKET).key(PREFIX + "/" + key));
    }

    /** Replaces an object behind hexmirror's back, with the given user metadata (none: empty map). */
    void put(String key, byte[] content, Map<String, String> metadata) {
        client.putObject(b -> b.bucket(BUCKET).key(PREFIX + "/" + key).metadata(metadata), RequestBody.fromBytes(content));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }
}
