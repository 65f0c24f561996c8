package io.hexmirror.storage.s3;

import io.hexmirror.storage.StorageProvider;
import io.hexmirror.testkit.storage.StorageProviderContractTest;
import java.util.Map;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider's configuration contract, with credentials that must never show. */
class S3StorageProviderContractTest extends StorageProviderContractTest {
    @RegisterExtension
    final S3ProxyExtension proxy = S3ProxyStores.extension();

    @Override
    protected StorageProvider provider() {
        return new S3StorageProvider();
    }

    @Override
    protected String target() {
        return "s3://" + S3ProxyStores.BUCKET + "/mirror";
    }

    @Override
    protected Map<String, String> requiredOptions() {
        return S3ProxyStores.options(proxy);
    }
}
