package io.hexmirror.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.ObjectAlreadyExistsException;
import io.hexmirror.storage.Storage;
import io.hexmirror.storage.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Exclusive creation across machines, which the mirror's lock is built on: a conditional write of
 * one object shared by every machine that reaches the bucket. (The lock itself is core's and is
 * tested there; here is what it needs from S3.)
 */
class S3ExclusiveCreateTest {
    private static final String URI = "s3://" + S3ProxyStores.BUCKET + "/mirror";
    private static final String KEY = ".hexmirror/lock";

    @RegisterExtension
    final S3ProxyExtension proxy = S3ProxyStores.extension();

    @Test
    void ofMachinesRacingToCreateOneObjectExactlyOneWins() throws Exception {
        int machines = 6;
        // Each "machine" has its own client and connections, as separate hosts would.
        List<Storage> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(machines);
        try {
            for (int i = 0; i < machines; i++) {
                stores.add(S3ProxyStores.open(proxy, URI));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> attempts = new ArrayList<>();
            AtomicInteger refused = new AtomicInteger();
            for (int i = 0; i < machines; i++) {
                Storage storage = stores.get(i);
                String content = "machine " + i;
                attempts.add(pool.submit(() -> {
                    start.await();
                    try {
                        storage.write(KEY, content.getBytes(UTF_8), WriteOptions.exclusiveCreate());
                        return content;
                    } catch (ObjectAlreadyExistsException e) {
                        assertThat(e.key()).isEqualTo(KEY);
                        refused.incrementAndGet();
                        return null;
                    }
                }));
            }
            start.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<String> attempt : attempts) {
                String content = attempt.get(60, TimeUnit.SECONDS);
                if (content != null) {
                    winners.add(content);
                }
            }

            assertThat(winners).hasSize(1);
            assertThat(refused).hasValue(machines - 1);
            assertThat(read(stores.get(0), KEY)).isEqualTo(winners.get(0));
        } finally {
            pool.shutdownNow();
            for (Storage storage : stores) {
                storage.close();
            }
        }
    }

    /**
     * The case the lock reads its object back for: the conditional PUT lands, its answer is lost
     * (here a 500 put in its place), the SDK retries, and the retry gets 412 for the writer's own
     * object. The write reports the key taken, and the object holds exactly what this writer wrote.
     */
    @Test
    void aConditionalPutWhoseAnswerIsLostAndRetriedReportsTheKeyTakenByItsOwnContent() throws Exception {
        AtomicInteger puts = new AtomicInteger();
        ExecutionInterceptor loseFirstAnswer = new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put && put.key().endsWith(KEY) && puts.incrementAndGet() == 1) {
                    return context.httpResponse().toBuilder().statusCode(500).statusText("Internal Server Error").build();
                }
                return context.httpResponse();
            }
        };
        S3StorageConfig config = S3ProxyStores.config(proxy, URI, "max-attempts", "3");
        try (S3Storage storage = S3ProxyStores.openIntercepted(config, loseFirstAnswer);
                S3Storage other = S3ProxyStores.open(proxy, URI)) {
            assertThatThrownBy(() -> storage.write(KEY, "token=mine".getBytes(UTF_8), WriteOptions.exclusiveCreate()))
                    .isInstanceOfSatisfying(ObjectAlreadyExistsException.class, e -> assertThat(e.key()).isEqualTo(KEY));

            assertThat(puts).as("the PUT was retried after the lost answer").hasValue(2);
            assertThat(read(other, KEY)).isEqualTo("token=mine");
        }
    }

    private static String read(Storage storage, String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
