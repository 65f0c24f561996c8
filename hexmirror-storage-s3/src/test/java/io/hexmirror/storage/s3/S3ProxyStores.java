package io.hexmirror.storage.s3;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** Opens stores on the s3proxy a test started, with credentials that no message may contain. */
final class S3ProxyStores {
    /** Distinctive, so that a test can search messages for them. */
    static final String ACCESS_KEY = "AKIAHEXMIRRORTEST01";
    static final String SECRET_KEY = "hexmirror-Secret-Key-7f3a9c";
    static final String BUCKET = "hexbucket";

    private S3ProxyStores() {
    }

    /**
     * An in-memory s3proxy. Its file-system back ends answer 500 instead of 404 for a key below an
     * existing object ({@code names/x} when {@code names} exists), which real S3 never does.
     */
    static S3ProxyExtension extension() {
        return S3ProxyExtension.builder().withCredentials(ACCESS_KEY, SECRET_KEY).withBlobStoreProvider("transient-nio2").build();
    }

    /** The options pointing at the proxy, with the bucket created, plus {@code extra} name/value pairs. */
    static Map<String, String> options(S3ProxyExtension proxy, String... extra) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("endpoint", proxy.getUri().toString());
        options.put("path-style", "true");
        options.put("region", "us-east-1");
        options.put("access-key", ACCESS_KEY);
        options.put("secret-key", SECRET_KEY);
        options.put("create-bucket", "true");
        for (int i = 0; i < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options;
    }

    static S3StorageConfig config(S3ProxyExtension proxy, String uri, String... extra) {
        return S3StorageConfig.parse(URI.create(uri), options(proxy, extra), Map.of());
    }

    /** Opens {@code uri} through the provider, as the CLI would, isolated from this process's AWS variables. */
    static S3Storage open(S3ProxyExtension proxy, String uri, String... extra) throws IOException {
        return (S3Storage) new S3StorageProvider().open(URI.create(uri), options(proxy, extra), Map.of());
    }

    /** Opens a store whose client runs the given interceptors, to inject failures into real requests. */
    static S3Storage openIntercepted(S3StorageConfig config, ExecutionInterceptor... interceptors) throws IOException {
        S3ClientBuilder builder = S3Clients.builder(config);
        var override = builder.overrideConfiguration().toBuilder();
        for (ExecutionInterceptor interceptor : interceptors) {
            override.addExecutionInterceptor(interceptor);
        }
        S3Client client = builder.overrideConfiguration(override.build()).build();
        return S3Storage.open(client, config);
    }

    static List<MultipartUpload> pendingUploads(S3Storage storage) {
        return storage.client().listMultipartUploads(b -> b.bucket(storage.config().bucket())).uploads();
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
