package io.hexmirror.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import io.hexmirror.testkit.storage.StorageContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;

/**
 * The S3 store, opened through its provider as the CLI would, passes the storage contract on
 * s3proxy. Two defects of the server, not of the store, are allowed for: the temporary names
 * it lists during an upload (see {@link #isServersTemporaryName(String)}) and its non-atomic
 * {@code If-Match} on DELETE (see {@link #conditionalDeleteNeverRemovesAnObjectWrittenMeanwhileWhenDeclared()}).
 */
class S3StorageContractTest extends StorageContractTest {
    /**
     * s3proxy's file-system back ends write each PUT to a file named {@code KEY-UUID} and rename it
     * to {@code KEY} when complete, and list that file meanwhile.
     */
    private static final Pattern S3PROXY_TEMP_NAME =
            Pattern.compile(".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** One server per test, so that every test starts from an empty bucket. */
    @RegisterExtension
    final S3ProxyExtension proxy = S3ProxyStores.extension();

    @Override
    protected Storage createStorage() throws IOException {
        return S3ProxyStores.open(proxy, "s3://" + S3ProxyStores.BUCKET + "/mirror");
    }

    /** Still a multipart upload of three parts at the default 8 MiB part size, in a third of the time. */
    @Override
    protected long largeObjectSize() {
        return 20L * 1024 * 1024 + 12_345;
    }

    /**
     * The in-flight upload files that s3proxy 4.1.0 lists under their own temporary names
     * ({@code tarballs/b.tar-41f25aee-...}) while a PUT is in progress. AWS S3 never lists an object
     * before its PUT or multipart upload completes, and the store adds nothing to a listing, so these
     * names are the server's; every other listed object must be one that was written whole, with a
     * whole object's size, exactly as the contract requires. (Adobe S3Mock lists no such names but was
     * not adopted: it stalls a read that overlaps an overwrite of the same key until the socket times out.)
     */
    @Override
    protected boolean isServersTemporaryName(String key) {
        return S3PROXY_TEMP_NAME.matcher(key).matches();
    }

    /**
     * The contract's race, made deterministic, because s3proxy 4.1.0 cannot pass the contract's own
     * version: for its file-system back ends it emulates {@code If-Match} on DELETE by a HEAD and
     * then a delete with nothing between them, so the server itself loses that race now and then
     * (AWS S3 evaluates the condition atomically). What is the store's part is checked here: its
     * DeleteObject carries {@code If-Match} with the ETag of the content it compared, and when
     * another writer replaces the object between that read and the delete (from an interceptor,
     * exactly then), the server's 412 leaves the new object and the call returns false.
     */
    @Test
    @Override
    public void conditionalDeleteNeverRemovesAnObjectWrittenMeanwhileWhenDeclared() throws Exception {
        String key = ".hexmirror/lock";
        String objectKey = "mirror/" + key;
        Storage other = storage();
        List<String> conditions = new CopyOnWriteArrayList<>();
        ExecutionInterceptor replaceBeforeDelete = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof DeleteObjectRequest delete) {
                    conditions.add(String.valueOf(delete.ifMatch()));
                    try {
                        other.write(key, bytes("theirs"), WriteOptions.defaults());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
        try (S3Storage store = S3ProxyStores.openIntercepted(
                S3ProxyStores.config(proxy, "s3://" + S3ProxyStores.BUCKET + "/mirror"), replaceBeforeDelete)) {
            other.write(key, bytes("mine"), WriteOptions.defaults());
            String etag = store.client().headObject(b -> b.bucket(S3ProxyStores.BUCKET).key(objectKey)).eTag();

            assertThat(store.deleteIfContentEquals(key, bytes("mine"))).isFalse();

            assertThat(conditions).containsExactly(etag);
            assertThat(readAll(key)).isEqualTo(bytes("theirs"));
        }
    }
}
