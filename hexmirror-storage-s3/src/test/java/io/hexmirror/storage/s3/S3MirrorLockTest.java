package io.hexmirror.storage.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hexmirror.storage.MirrorLock;
import io.hexmirror.storage.MirrorLockedException;
import io.hexmirror.storage.Storage;
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

/** {@link MirrorLock} on S3: a conditional-write lock object shared by every machine that reaches the bucket. */
class S3MirrorLockTest {
    private static final String URI = "s3://" + S3ProxyStores.BUCKET + "/mirror";

    @RegisterExtension
    final S3ProxyExtension proxy = S3ProxyStores.extension();

    @Test
    void ofMachinesRacingForTheLockExactlyOneWins() throws Exception {
        int machines = 6;
        // Each "machine" has its own client and connections, as separate hosts would.
        List<Storage> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(machines);
        try {
            for (int i = 0; i < machines; i++) {
                stores.add(S3ProxyStores.open(proxy, URI));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<MirrorLock>> attempts = new ArrayList<>();
            AtomicInteger refused = new AtomicInteger();
            for (int i = 0; i < machines; i++) {
                Storage storage = stores.get(i);
                String owner = "sync " + i;
                attempts.add(pool.submit(() -> {
                    start.await();
                    try {
                        return MirrorLock.acquire(storage, owner);
                    } catch (MirrorLockedException e) {
                        assertThat(e.getMessage()).contains("break the lock");
                        refused.incrementAndGet();
                        return null;
                    }
                }));
            }
            start.countDown();
            List<MirrorLock> winners = new ArrayList<>();
            for (Future<MirrorLock> attempt : attempts) {
                MirrorLock lock = attempt.get(60, TimeUnit.SECONDS);
                if (lock != null) {
                    winners.add(lock);
                }
            }

            assertThat(winners).hasSize(1);
            assertThat(refused).hasValue(machines - 1);
            MirrorLock winner = winners.get(0);
            assertThat(read(stores.get(0), MirrorLock.KEY)).contains("owner=" + winner.holder().owner() + "\n")
                    .contains("token=" + winner.holder().token() + "\n");
            winner.close();
            assertThat(stores.get(0).stat(MirrorLock.KEY)).isEmpty();
        } finally {
            pool.shutdownNow();
            for (Storage storage : stores) {
                storage.close();
            }
        }
    }

    /**
     * The case the lock reads itself back for: the conditional PUT lands, its answer is lost (here a
     * 500 put in its place), the SDK retries, and the retry gets 412 for the lock's own object.
     */
    @Test
    void aLockPutWhoseAnswerIsLostAndRetriedIsStillTaken() throws Exception {
        AtomicInteger lockPuts = new AtomicInteger();
        ExecutionInterceptor loseFirstLockAnswer = new ExecutionInterceptor() {
            @Override
            public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put && put.key().endsWith(MirrorLock.KEY)
                        && lockPuts.incrementAndGet() == 1) {
                    return context.httpResponse().toBuilder().statusCode(500).statusText("Internal Server Error").build();
                }
                return context.httpResponse();
            }
        };
        S3StorageConfig config = S3ProxyStores.config(proxy, URI, "max-attempts", "3");
        try (S3Storage storage = S3ProxyStores.openIntercepted(config, loseFirstLockAnswer);
                S3Storage other = S3ProxyStores.open(proxy, URI)) {
            try (MirrorLock lock = MirrorLock.acquire(storage, "hexmirror sync")) {
                assertThat(lockPuts).as("the PUT was retried after the lost answer").hasValue(2);
                assertThat(lock.isHeld()).isTrue();
                assertThat(read(other, MirrorLock.KEY)).contains("token=" + lock.holder().token() + "\n");
                assertThatThrownBy(() -> MirrorLock.acquire(other, "another sync"))
                        .isInstanceOfSatisfying(MirrorLockedException.class, e -> assertThat(e.holder()).contains(lock.holder()));
            }
            assertThat(other.stat(MirrorLock.KEY)).as("released on close").isEmpty();
        }
    }

    private static String read(Storage storage, String key) throws IOException {
        try (InputStream in = storage.read(key)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }
}
